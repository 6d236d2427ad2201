// Account security: rate limits, session rotation and revocation, answers that reveal nothing
// about which addresses have accounts, anonymising deletion, audited admin changes.
import { expect, test } from 'vitest'
import { LOGIN_DELAY_AFTER, loginFailureDelayMs } from '#app/accounts/login-attempts.server.ts'
import { verifyPassword } from '#app/accounts/password.server.ts'
import { DELETED_NAME } from '#app/accounts/user.server.ts'
import { resources } from '#app/locales/index.ts'
import { action as accountAction } from '#app/routes/$lang.account._index.tsx'
import { action as deleteAction } from '#app/routes/$lang.account.delete.tsx'
import { action as passwordAction } from '#app/routes/$lang.account.password.tsx'
import { action as personAction } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { action as forgotAction } from '#app/routes/$lang.forgot-password.tsx'
import { action as loginAction } from '#app/routes/$lang.login.tsx'
import { action as logoutAction } from '#app/routes/$lang.logout.tsx'
import { action as resetAction } from '#app/routes/$lang.reset-password.tsx'
import { action as signupAction } from '#app/routes/$lang.signup.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { env } from '#app/utils/env.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { count, RATE_LIMITS } from '#app/utils/rate-limit.server.ts'
import { sessionCookie } from '#app/utils/session.server.ts'
import {
  context,
  createUser,
  databaseFingerprint,
  linkFrom,
  loginCookie,
  postRequest,
  readOutbox,
  settle,
  signupFields,
  submit,
  TEST_PASSWORD,
  uniqueEmail,
} from '#tests/utils.ts'

const NEW_PASSWORD = 'otra frase larga y segura'

/** Message keys of an action's answer: a Conform reply's errors, or the `errors` list of the person page. */
function messagesOf(data: unknown): string[] {
  const answer = data as { result?: { error?: Record<string, string[] | null> }; errors?: string[] } | null
  return [...Object.values(answer?.result?.error ?? {}).flatMap((list) => list ?? []), ...(answer?.errors ?? [])]
}

async function sessionIdFrom(setCookie: string | null): Promise<string | null> {
  return (await sessionCookie().parse(setCookie)) as string | null
}

function login(
  email: string,
  password: string,
  options: { ip?: string; cookie?: string; redirectTo?: string; lang?: Lang } = {},
) {
  const lang = options.lang ?? 'en'
  const fields: Record<string, string> = {
    email,
    password,
    ...(options.redirectTo ? { redirectTo: options.redirectTo } : {}),
  }
  return settle(() =>
    loginAction({
      request: postRequest(`/${lang}/login`, fields, options.cookie),
      params: { lang },
      context: context(options.ip ? { clientIp: options.ip } : {}),
    }),
  )
}

// ---------------------------------------------------------------------------------------------
// Rate limits

test('rate limits are on in tests (DISABLE_RATE_LIMITS is not set)', () => {
  expect(process.env.DISABLE_RATE_LIMITS).toBeUndefined()
  expect(env().DISABLE_RATE_LIMITS).toBe(false)
  expect(RATE_LIMITS.loginPerAccountAndIp.limit).toBe(10)
  expect(RATE_LIMITS.resetPerAccount.limit).toBe(3)
})

test(
  'log-in counts failures only: a person who logs in 15 times in the window is never refused',
  { timeout: 120_000 },
  async () => {
    const user = await createUser()
    const ip = '198.51.100.10'
    for (let i = 1; i <= 15; i++) {
      const result = await login(user.email, TEST_PASSWORD, { ip })
      expect(result.status, `log-in ${i}`).toBe(302)
    }
    // A few typos along the way do not add up to a lock-out either: the right password gives its attempt back.
    for (let i = 1; i <= 3; i++) expect((await login(user.email, `typo ${i}`, { ip })).status).toBe(400)
    expect((await login(user.email, TEST_PASSWORD, { ip })).status).toBe(302)
  },
)

test(
  '10 wrong passwords lock that client out of that account (429 with Retry-After, even with the right password), not its owner elsewhere',
  { timeout: 120_000 },
  async () => {
    const user = await createUser()
    const attacker = '198.51.100.66'
    for (let i = 1; i <= RATE_LIMITS.loginPerAccountAndIp.limit; i++) {
      expect((await login(user.email, `wrong password ${i}`, { ip: attacker })).status, `attempt ${i}`).toBe(400)
    }
    const blocked = await login(user.email.toUpperCase(), TEST_PASSWORD, { ip: attacker })
    expect(blocked.status).toBe(429)
    const retryAfter = Number(blocked.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.loginPerAccountAndIp.windowSeconds)
    expect(blocked.data).toEqual({ retryAfterSeconds: retryAfter })
    expect(blocked.headers.get('Set-Cookie')).toBeNull()
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    // The owner, from their own address, logs in at once.
    const owner = await login(user.email, TEST_PASSWORD, { ip: '203.0.113.5' })
    expect(owner.status).toBe(302)
    // The attacker's address can still log in to another account (its own, say).
    const other = await createUser()
    expect((await login(other.email, TEST_PASSWORD, { ip: attacker })).status).toBe(302)
  },
)

test('from the 11th failure on one account (any addresses) failed answers are slowed down; the right password is not', async () => {
  const user = await createUser()
  for (let i = 1; i <= LOGIN_DELAY_AFTER; i++) {
    expect((await login(user.email, `wrong ${i}`, { ip: `192.0.2.${i}` })).status).toBe(400)
  }
  const started = performance.now()
  const slowed = await login(user.email, 'wrong again', { ip: '192.0.2.200' })
  expect(slowed.status).toBe(400)
  expect(performance.now() - started).toBeGreaterThanOrEqual(loginFailureDelayMs(LOGIN_DELAY_AFTER + 1))
  expect(loginFailureDelayMs(LOGIN_DELAY_AFTER)).toBe(0)
  expect(loginFailureDelayMs(LOGIN_DELAY_AFTER + 1)).toBe(500)
  expect(loginFailureDelayMs(LOGIN_DELAY_AFTER + 3)).toBe(2000)
  expect(loginFailureDelayMs(1000)).toBe(5000)
  expect((await login(user.email, TEST_PASSWORD, { ip: '192.0.2.201' })).status).toBe(302)
})

test('the per-account ceiling: after 100 failures in the hour from any addresses, a new address gets 429', async () => {
  const user = await createUser()
  // As if ten addresses had each spent their ten guesses (the counter the log-in action keeps).
  for (let i = 0; i < RATE_LIMITS.loginPerAccount.limit; i++) {
    await count(`login:account:${user.email}`, RATE_LIMITS.loginPerAccount)
  }
  const blocked = await login(user.email, TEST_PASSWORD, { ip: '203.0.113.77' })
  expect(blocked.status).toBe(429)
  expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(RATE_LIMITS.loginPerAccountAndIp.windowSeconds)
  // The refused attempt did not count against that address.
  const row = await prisma.rateLimit.findUnique({ where: { key: `login:account-ip:${user.email}:203.0.113.77` } })
  expect(row?.count ?? 0).toBe(0)
})

test('a burst of 20 parallel wrong guesses from one address: no more than 10 passwords are checked', async () => {
  const user = await createUser()
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => login(user.email, `parallel guess ${i}`, { ip: '198.51.100.99' })),
  )
  const statuses = results.map((r) => r.status)
  expect(statuses.filter((s) => s === 400)).toHaveLength(RATE_LIMITS.loginPerAccountAndIp.limit)
  expect(statuses.filter((s) => s === 429)).toHaveLength(20 - RATE_LIMITS.loginPerAccountAndIp.limit)
})

test('forgot-password per account: the 4th request in the window is a 429 with Retry-After and sends nothing', async () => {
  const user = await createUser()
  for (let i = 1; i <= RATE_LIMITS.resetPerAccount.limit; i++) {
    const result = await settle(() =>
      forgotAction({
        request: postRequest('/en/forgot-password', { email: user.email }),
        params: { lang: 'en' },
        context: context({ clientIp: `203.0.113.${i}` }),
      }),
    )
    expect(result.status, `request ${i}`).toBe(200)
  }
  const blocked = await settle(() =>
    forgotAction({
      request: postRequest('/en/forgot-password', { email: ` ${user.email.toUpperCase()}` }),
      params: { lang: 'en' },
      context: context({ clientIp: '203.0.113.99' }),
    }),
  )
  expect(blocked.status).toBe(429)
  const retryAfter = Number(blocked.headers.get('Retry-After'))
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.resetPerAccount.windowSeconds)
  expect(readOutbox(user.email)).toHaveLength(RATE_LIMITS.resetPerAccount.limit)
})

test('sign-up per IP: the 11th attempt from one address in the window is a 429 and creates nobody', async () => {
  const ip = '192.0.2.77'
  for (let i = 1; i <= RATE_LIMITS.signupPerIp.limit; i++) {
    // Invalid forms count too: the limit is checked before anything else.
    const result = await settle(() =>
      signupAction({
        request: postRequest('/en/signup', { email: `not-an-address-${i}` }),
        params: { lang: 'en' },
        context: context({ clientIp: ip }),
      }),
    )
    expect(result.status, `attempt ${i}`).toBe(400)
  }
  const email = uniqueEmail('blocked')
  const blocked = await settle(() =>
    signupAction({
      request: postRequest('/en/signup', signupFields(email)),
      params: { lang: 'en' },
      context: context({ clientIp: ip }),
    }),
  )
  expect(blocked.status).toBe(429)
  expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0)
  expect(Number(blocked.headers.get('Retry-After'))).toBeLessThanOrEqual(RATE_LIMITS.signupPerIp.windowSeconds)
  expect(await prisma.user.count({ where: { email } })).toBe(0)
  expect(readOutbox(email)).toHaveLength(0)
  // Someone else, from another address, can still sign up.
  const elsewhere = await settle(() =>
    signupAction({
      request: postRequest('/en/signup', signupFields(email)),
      params: { lang: 'en' },
      context: context({ clientIp: '192.0.2.78' }),
    }),
  )
  expect(elsewhere.status).toBe(302)
  expect(await prisma.user.count({ where: { email } })).toBe(1)
})

// ---------------------------------------------------------------------------------------------
// Sessions

test('log-in rotates the session: a new id every time, and a session id presented before log-in is deleted', async () => {
  const user = await createUser()
  // A session id the browser already holds (expired, so the visitor counts as signed out).
  const stale = await prisma.session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() - 1000) },
    select: { id: true },
  })
  const staleCookie = (await sessionCookie().serialize(stale.id)).split(';')[0]!
  const first = await login(user.email, TEST_PASSWORD, { cookie: staleCookie })
  expect(first.status).toBe(302)
  const firstId = await sessionIdFrom(first.headers.get('Set-Cookie'))
  expect(firstId).toBeTruthy()
  expect(firstId).not.toBe(stale.id)
  expect(await prisma.session.findUnique({ where: { id: stale.id } })).toBeNull()

  const second = await login(user.email, TEST_PASSWORD)
  const secondId = await sessionIdFrom(second.headers.get('Set-Cookie'))
  expect(secondId).toBeTruthy()
  expect(secondId).not.toBe(firstId)
  const ids = (await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } }))
    .map((s) => s.id)
    .sort()
  expect(ids).toEqual([firstId, secondId].sort())
})

test('log-out deletes this session row and clears the cookie; other sessions stay', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const other = await loginCookie(user.id)
  const id = (await sessionIdFrom(cookie))!
  const result = await submit(logoutAction, { lang: 'es' }, '/es/logout', {}, cookie)
  expect(result.status).toBe(302)
  expect(result.headers.get('Location')).toBe('/es')
  expect(result.headers.get('Set-Cookie')).toMatch(/aula_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/)
  expect(await prisma.session.findUnique({ where: { id } })).toBeNull()
  expect(await prisma.session.count({ where: { id: (await sessionIdFrom(other))! } })).toBe(1)
})

/** A user signed in three times (the first session's cookie) and a bystander signed in once. */
async function signedInThrice() {
  const user = await createUser()
  const bystander = await createUser()
  const cookie = await loginCookie(user.id)
  await loginCookie(user.id)
  await loginCookie(user.id)
  await loginCookie(bystander.id)
  return { user, bystander, cookie }
}

test('"sign out everywhere" deletes every session of the user and no one else\'s', async () => {
  const { user, bystander, cookie } = await signedInThrice()
  const result = await submit(accountAction, { lang: 'en' }, '/en/account', { intent: 'logout-everywhere' }, cookie)
  expect(result.status).toBe(302)
  expect(result.headers.get('Location')).toBe('/en/login')
  expect(result.headers.get('Set-Cookie')).toMatch(/aula_session=;/)
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
  expect(await prisma.session.count({ where: { userId: bystander.id } })).toBe(1)
})

test('changing the password keeps the current session and deletes the others', async () => {
  const { user, bystander, cookie } = await signedInThrice()
  const current = (await sessionIdFrom(cookie))!
  const result = await submit(
    passwordAction,
    { lang: 'en' },
    '/en/account/password',
    { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    cookie,
  )
  expect(result.status).toBe(302)
  expect(result.headers.get('Location')).toBe('/en/account')
  const left = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })
  expect(left).toEqual([{ id: current }])
  expect(await prisma.session.count({ where: { userId: bystander.id } })).toBe(1)
  const { hash } = await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } })
  expect(await verifyPassword(NEW_PASSWORD, hash)).toBe(true)
})

test('a password reset deletes every session, and its link cannot be used twice', async () => {
  const user = await createUser({ preferredLocale: 'en' })
  await loginCookie(user.id)
  await loginCookie(user.id)
  const sent = await submit(forgotAction, { lang: 'en' }, '/en/forgot-password', { email: user.email })
  expect(sent.status).toBe(200)
  const [mail] = readOutbox(user.email)
  expect(mail?.subject).toBe(resources.en.auth.mail.reset.subject)
  const token = linkFrom(mail!).searchParams.get('token')!

  const reset = await submit(resetAction, { lang: 'en' }, '/en/reset-password', {
    token,
    password: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  })
  expect(reset.status).toBe(302)
  expect(reset.headers.get('Location')).toBe('/en/login')
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)

  const before = await databaseFingerprint()
  const again = await submit(resetAction, { lang: 'en' }, '/en/reset-password', {
    token,
    password: 'a third long password',
    confirmPassword: 'a third long password',
  })
  expect(again.status).toBe(400)
  expect(messagesOf(again.data)).toEqual(['auth:reset.invalid'])
  expect(await databaseFingerprint()).toEqual(before)
  const { hash } = await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } })
  expect(await verifyPassword(NEW_PASSWORD, hash)).toBe(true)
})

// ---------------------------------------------------------------------------------------------
// Answers that do not reveal whether an address has an account

test('log-in with a wrong password and with an unknown address give the same status and error', async () => {
  const user = await createUser()
  const wrong = await login(user.email, 'not the password at all')
  const unknown = await login(uniqueEmail('nobody'), 'not the password at all')
  expect(wrong.status).toBe(400)
  expect(unknown.status).toBe(wrong.status)
  expect(messagesOf(wrong.data)).toEqual(['auth:login.invalid'])
  expect(messagesOf(unknown.data)).toEqual(messagesOf(wrong.data))
  const { initialValue: _a, ...wrongRest } = (wrong.data as { result: Record<string, unknown> }).result
  const { initialValue: _b, ...unknownRest } = (unknown.data as { result: Record<string, unknown> }).result
  expect(unknownRest).toEqual(wrongRest)
  // The password is never echoed back.
  expect(JSON.stringify(wrong.data)).not.toContain('not the password at all')
  expect(wrong.headers.get('Set-Cookie')).toBeNull()
  expect(unknown.headers.get('Set-Cookie')).toBeNull()
})

test('forgot-password answers a known and an unknown address identically and mails only the known one', async () => {
  const user = await createUser()
  const stranger = uniqueEmail('stranger')
  const known = await submit(forgotAction, { lang: 'es' }, '/es/forgot-password', { email: user.email })
  const unknown = await submit(forgotAction, { lang: 'es' }, '/es/forgot-password', { email: stranger })
  expect(known.status).toBe(200)
  expect(unknown.status).toBe(known.status)
  expect(unknown.data).toEqual(known.data)
  expect([...unknown.headers]).toEqual([...known.headers])
  expect(readOutbox(user.email)).toHaveLength(1)
  expect(readOutbox(stranger)).toHaveLength(0)
})

test('signing up with a registered address creates no one, looks the same, and mails the owner', async () => {
  const owner = await createUser({ preferredLocale: 'en' })
  const ownerBefore = await prisma.user.findUniqueOrThrow({ where: { id: owner.id }, include: { password: true } })
  const fresh = await submit(signupAction, { lang: 'es' }, '/es/signup', signupFields(uniqueEmail('fresh')))
  const users = await prisma.user.count()
  const taken = await submit(signupAction, { lang: 'es' }, '/es/signup', signupFields(owner.email.toUpperCase()))
  expect(taken.status).toBe(fresh.status)
  expect(taken.headers.get('Location')).toBe(fresh.headers.get('Location'))
  expect(taken.headers.get('Set-Cookie')).toBeNull()
  expect(await prisma.user.count()).toBe(users)
  // The owner's account is untouched (same name, same password, no new link).
  expect(await prisma.user.findUniqueOrThrow({ where: { id: owner.id }, include: { password: true } })).toEqual(
    ownerBefore,
  )
  expect(await prisma.verification.count({ where: { userId: owner.id } })).toBe(0)
  const mails = readOutbox(owner.email)
  expect(mails).toHaveLength(1)
  expect([resources.en.auth.mail.exists.subject, resources.es.auth.mail.exists.subject]).toContain(mails[0]!.subject)
  expect(mails[0]!.text).toContain('/forgot-password')
})

// ---------------------------------------------------------------------------------------------
// Account deletion

test('deleting an account anonymises the person, removes password and sessions, keeps the row and audits it', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  await loginCookie(user.id)
  await prisma.verification.create({
    data: {
      userId: user.id,
      email: user.email,
      purpose: 'email',
      tokenHash: `hash-${user.id}`,
      expiresAt: new Date(Date.now() + 60_000),
    },
  })
  // Copies of personal data elsewhere: a cohort file and its row, an enrolment request message.
  await prisma.course.upsert({
    where: { id: 'homicide-sdg16' },
    create: { id: 'homicide-sdg16', status: 'published' },
    update: {},
    select: { id: true },
  })
  const upload = await prisma.cohortImport.create({
    data: {
      cohortName: 'Taller',
      courseId: 'homicide-sdg16',
      fileName: 'taller.csv',
      contentHash: `h-${user.id}`,
      totalRows: 1,
      csv: `email,name\n${user.email},Test Person\n`,
      rows: {
        create: {
          rowNumber: 2,
          email: user.email,
          displayName: 'Test Person',
          certificateName: 'Test Person',
          country: 'CO',
          organisation: 'DANE',
          organisationType: 'national_statistical_office',
          locale: 'es',
          userId: user.id,
        },
      },
    },
    select: { id: true },
  })
  await prisma.enrolmentRequest.create({
    data: { userId: user.id, courseId: 'homicide-sdg16', message: 'Soy Test Person, de DANE' },
    select: { id: true },
  })
  const result = await submit(
    deleteAction,
    { lang: 'es' },
    '/es/account/delete',
    { password: TEST_PASSWORD, confirm: 'on' },
    cookie,
  )
  expect(result.status).toBe(302)
  expect(result.headers.get('Location')).toBe('/es')
  expect(result.headers.get('Set-Cookie')).toMatch(/aula_session=;/)

  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { password: true } })
  expect(row.email).not.toBe(user.email)
  expect(row.email).toBe(`deleted-${user.id}@deleted.invalid`)
  expect(row.displayName).toBe(DELETED_NAME)
  expect(row.certificateName).toBe(DELETED_NAME)
  expect(row.organisation).toBe('')
  expect(row.emailVerifiedAt).toBeNull()
  expect(row.deletedAt).toBeInstanceOf(Date)
  expect(row.password).toBeNull()
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
  expect(await prisma.verification.count({ where: { userId: user.id } })).toBe(0)
  const events = await prisma.auditEvent.findMany({
    where: { subject: `user:${user.id}` },
    select: { action: true, actorId: true },
  })
  expect(events).toEqual([{ action: 'user.delete', actorId: user.id }])
  const copies = JSON.stringify([
    await prisma.cohortImport.findUniqueOrThrow({ where: { id: upload.id }, include: { rows: true } }),
    await prisma.enrolmentRequest.findMany({ where: { userId: user.id } }),
  ])
  expect(copies).not.toContain(user.email)
  expect(copies).not.toContain('Test Person')
  expect(copies).not.toContain('DANE')
  // Nobody can sign in as the deleted person any more.
  const attempt = await login(user.email, TEST_PASSWORD)
  expect(attempt.status).toBe(400)
  expect(messagesOf(attempt.data)).toEqual(['auth:login.invalid'])
})

// ---------------------------------------------------------------------------------------------
// Administrators

/** An administrator's change of role, on the person's page. */
const changeRole = (cookie: string, userId: string, role: string) =>
  personAction({
    request: postRequest(`/en/admin/people/${userId}`, { intent: 'change-role', role }, cookie),
    params: { lang: 'en', userId },
    context: context(),
  })

test('an admin role change writes exactly one AuditEvent with from and to', async () => {
  const admin = await createUser({ role: 'admin' })
  const target = await createUser()
  const cookie = await loginCookie(admin.id)
  const result = await settle(() => changeRole(cookie, target.id, 'trainer'))
  expect(result.status).toBe(302)
  expect(result.headers.get('Location')).toBe(`/en/admin/people/${target.id}`)
  expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true } })).toEqual({
    role: 'trainer',
  })
  const events = await prisma.auditEvent.findMany({
    where: { subject: `user:${target.id}` },
    select: { action: true, actorId: true, data: true },
  })
  expect(events).toEqual([{ action: 'user.role.change', actorId: admin.id, data: { from: 'learner', to: 'trainer' } }])
  // Setting the role it already has changes nothing and audits nothing.
  await settle(() => changeRole(cookie, target.id, 'trainer'))
  expect(await prisma.auditEvent.count({ where: { subject: `user:${target.id}` } })).toBe(1)
})

test('an admin role change and its AuditEvent are one transaction: if the audit write fails, the role is unchanged', async () => {
  const admin = await createUser({ role: 'admin' })
  const target = await createUser()
  const cookie = await loginCookie(admin.id)
  // Make the audit insert fail for this subject only (this file has its own database).
  await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_fail_audit() RETURNS trigger AS $$
    BEGIN IF NEW.subject = 'user:${target.id}' THEN RAISE EXCEPTION 'injected audit failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER test_fail_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION test_fail_audit()`,
  )
  try {
    await expect(changeRole(cookie, target.id, 'admin')).rejects.toThrow(/injected audit failure/)
  } finally {
    await prisma.$executeRawUnsafe(`DROP TRIGGER test_fail_audit ON "AuditEvent"`)
    await prisma.$executeRawUnsafe(`DROP FUNCTION test_fail_audit()`)
  }
  expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true } })).toEqual({
    role: 'learner',
  })
  expect(await prisma.auditEvent.count({ where: { subject: `user:${target.id}` } })).toBe(0)
})

test('an admin cannot change their own role (400)', async () => {
  const admin = await createUser({ role: 'admin' })
  const cookie = await loginCookie(admin.id)
  const before = await databaseFingerprint()
  const result = await settle(() => changeRole(cookie, admin.id, 'learner'))
  expect(result.status).toBe(400)
  expect(messagesOf(result.data)).toEqual(['admin:users.notSelf'])
  expect(await databaseFingerprint()).toEqual(before)
})

test('a trainer or a learner posting to the admin action gets 403 and nothing changes', async () => {
  const target = await createUser()
  for (const role of ['trainer', 'learner'] as const) {
    const actor = await createUser({ role })
    const cookie = await loginCookie(actor.id)
    for (const [userId, newRole] of [
      [target.id, 'admin'],
      [actor.id, 'admin'],
    ] as const) {
      const before = await databaseFingerprint()
      const result = await settle(() => changeRole(cookie, userId, newRole))
      expect(result.status, `${role} -> ${userId === actor.id ? 'self' : 'other'}`).toBe(403)
      expect(await databaseFingerprint()).toEqual(before)
    }
  }
  expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true } })).toEqual({
    role: 'learner',
  })
})

// ---------------------------------------------------------------------------------------------
// Redirects after log-in

test('log-in follows a same-site return address but refuses //evil.example and https://evil.example', async () => {
  const user = await createUser()
  const same = await login(user.email, TEST_PASSWORD, { redirectTo: '/en/account?tab=security' })
  expect(same.headers.get('Location')).toBe('/en/account?tab=security')
  for (const redirectTo of ['//evil.example', 'https://evil.example']) {
    const result = await login(user.email, TEST_PASSWORD, { redirectTo })
    expect(result.status, redirectTo).toBe(302)
    expect(result.headers.get('Location'), redirectTo).toBe('/en/dashboard')
  }
})
