// Bad input in the fields of the forms: a 4xx (never a 500, never a thrown Error), nothing in the
// database changes, and every message is an i18n key present in both languages (DESIGN.md,
// "Rules"). Bodies that are not forms at all, posted over HTTP to every action route, are in
// bad-bodies.test.ts.
import { createCookie } from '@remix-run/node'
import { expect, test } from 'vitest'
import { createVerification } from '#app/accounts/token.server.ts'
import { resources } from '#app/locales/index.ts'
import { action as accountAction } from '#app/routes/$lang.account._index.tsx'
import { action as deleteAction } from '#app/routes/$lang.account.delete.tsx'
import { action as passwordAction } from '#app/routes/$lang.account.password.tsx'
import { action as personAction } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { loader as peopleLoader } from '#app/routes/$lang.admin.people._index.tsx'
import { action as forgotAction } from '#app/routes/$lang.forgot-password.tsx'
import { action as loginAction } from '#app/routes/$lang.login.tsx'
import { action as resetAction } from '#app/routes/$lang.reset-password.tsx'
import { action as signupAction } from '#app/routes/$lang.signup.tsx'
import { action as verifyAction } from '#app/routes/$lang.verify-email.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { LANGS } from '#app/utils/i18n.ts'
import {
  context,
  createUser,
  databaseFingerprint,
  loginCookie,
  postRequest,
  readOutbox,
  settle,
  signupFields as signup,
  submit,
  TEST_PASSWORD,
  uniqueEmail,
  visit,
} from '#tests/utils.ts'

type Fields = Record<string, string | string[]>
type ActionFn = (args: {
  request: Request
  params: Record<string, string>
  context: ReturnType<typeof context>
}) => Promise<unknown>

const LONG = 'a'.repeat(10_000)
const HTML = '<script>alert(1)</script>'
const SQL = `'; DROP TABLE "User"; --`

/** Does "ns:a.b" name a string in both languages? */
function inBothLanguages(key: string): boolean {
  const [ns, path] = key.split(':') as [string, string | undefined]
  if (!path) return false
  return LANGS.every((lang) => {
    let node: unknown = (resources[lang] as Record<string, unknown>)[ns]
    for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
    return typeof node === 'string' && node.length > 0
  })
}

/** Every message in an action's reply ({ result: { error: { field: [keys] } } }, ADR 013). */
function messagesOf(data: unknown): string[] {
  const error = (data as { result?: { error?: Record<string, string[] | null> } } | null)?.result?.error
  return Object.values(error ?? {}).flatMap((list) => list ?? [])
}

/**
 * Posts `fields` and checks the rules: a 4xx, the database unchanged, and every message a
 * translated key. Returns the settled result for further checks.
 */
async function expectRefused(
  label: string,
  action: ActionFn,
  path: string,
  fields: Fields,
  cookie?: string,
  expectMessages = true,
  params: Record<string, string> = {},
) {
  const before = await databaseFingerprint()
  const result = await submit(action, { lang: path.split('/')[1]!, ...params }, path, fields, cookie)
  expect(result.status, `${label}: status`).toBeGreaterThanOrEqual(400)
  expect(result.status, `${label}: status`).toBeLessThan(500)
  expect(await databaseFingerprint(), `${label}: database changed`).toEqual(before)
  const messages = messagesOf(result.data)
  if (expectMessages) expect(messages.length, `${label}: no message`).toBeGreaterThan(0)
  for (const message of messages)
    expect(inBothLanguages(message), `${label}: "${message}" is not a key in en and es`).toBe(true)
  return result
}

/** A Mexican statistician's sign-up form. */
const signupFields = (email: string) => signup(email, { country: 'MX', organisation: 'INEGI' })

const PROFILE = {
  intent: 'update-profile',
  displayName: 'Ana Pérez',
  certificateName: 'Ana María Pérez',
  country: 'MX',
  organisation: 'INEGI',
  organisationType: 'national_statistical_office',
  preferredLocale: 'es',
}

const NEW_PASSWORD = 'otra frase larga y segura'

// ---------------------------------------------------------------------------------------------
// Sign-up

test('sign-up: an empty form, and each field left empty, is refused with "required"-style keys', async () => {
  const empty = await expectRefused('all empty', signupAction, '/es/signup', {})
  expect(messagesOf(empty.data)).toContain('validation:required')
  const valid = signupFields(uniqueEmail('empty'))
  for (const field of Object.keys(valid)) {
    await expectRefused(`${field} empty`, signupAction, '/es/signup', { ...valid, [field]: '' })
    await expectRefused(`${field} blank`, signupAction, '/es/signup', { ...valid, [field]: '   ' })
  }
  expect(await prisma.user.count({ where: { email: valid.email } })).toBe(0)
})

test('sign-up: a 10,000-character value in any field is refused', async () => {
  const valid = signupFields(uniqueEmail('long'))
  for (const field of Object.keys(valid)) {
    const value = field === 'email' ? `${LONG}@example.org` : LONG
    const result = await expectRefused(`${field} long`, signupAction, '/es/signup', { ...valid, [field]: value })
    expect(messagesOf(result.data).length).toBeGreaterThan(0)
  }
  const result = await expectRefused('names long', signupAction, '/es/signup', {
    ...valid,
    displayName: LONG,
    organisation: LONG,
  })
  expect(messagesOf(result.data)).toContain('validation:tooLong')
  expect(await prisma.user.count({ where: { email: valid.email } })).toBe(0)
})

test('sign-up: a field sent twice (an array where one value belongs) is refused', async () => {
  const valid = signupFields(uniqueEmail('twice'))
  for (const [field, value] of Object.entries(valid)) {
    await expectRefused(`${field} twice`, signupAction, '/es/signup', { ...valid, [field]: [value, value] })
  }
  expect(await prisma.user.count({ where: { email: valid.email } })).toBe(0)
})

test('sign-up: markup and SQL in names, e-mail and list fields are refused', async () => {
  const valid = signupFields(uniqueEmail('markup'))
  for (const field of ['displayName', 'certificateName', 'email', 'country', 'organisationType', 'preferredLocale']) {
    for (const value of [HTML, SQL, `Ana ${HTML}`]) {
      await expectRefused(`${field}=${value}`, signupAction, '/es/signup', { ...valid, [field]: value })
    }
  }
  const html = await expectRefused('organisation markup', signupAction, '/es/signup', { ...valid, organisation: HTML })
  expect(messagesOf(html.data)).toEqual(['validation:textCharacters'])
  const name = await expectRefused('name markup', signupAction, '/es/signup', { ...valid, displayName: HTML })
  expect(messagesOf(name.data)).toEqual(['validation:nameCharacters'])
  const nul = await expectRefused('organisation NUL', signupAction, '/es/signup', {
    ...valid,
    organisation: 'IN\u0000EGI',
  })
  expect(messagesOf(nul.data)).toEqual(['validation:textCharacters'])
  expect(await prisma.user.count({ where: { email: valid.email } })).toBe(0)
})

test('sign-up: an SQL fragment where free text is allowed is stored verbatim and harms nothing', async () => {
  const email = uniqueEmail('sql')
  const users = await prisma.user.count()
  const result = await submit(signupAction, { lang: 'es' }, '/es/signup', {
    ...signupFields(email),
    organisation: SQL,
    password: SQL + SQL,
    confirmPassword: SQL + SQL,
  })
  expect(result.status).toBe(302)
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { organisation: true } })
  expect(user.organisation).toBe(SQL)
  expect(await prisma.user.count()).toBe(users + 1)
})

test('sign-up accepts "José Ñúñez García" and "O\'Brien" exactly as typed', async () => {
  const email = uniqueEmail('names')
  const result = await submit(signupAction, { lang: 'es' }, '/es/signup', {
    ...signupFields(email),
    displayName: "O'Brien",
    certificateName: 'José Ñúñez García',
  })
  expect(result.status).toBe(302)
  const user = await prisma.user.findUniqueOrThrow({
    where: { email },
    select: { displayName: true, certificateName: true },
  })
  expect(user).toEqual({ displayName: "O'Brien", certificateName: 'José Ñúñez García' })
})

test('sign-up twice with addresses that differ only in case creates one account', async () => {
  const email = uniqueEmail('case')
  const first = await submit(signupAction, { lang: 'en' }, '/en/signup', signupFields(` ${email.toUpperCase()} `))
  expect(first.status).toBe(302)
  const second = await settle(() =>
    signupAction({
      request: postRequest('/en/signup', signupFields(email.replace(/^./, (c) => c.toUpperCase()))),
      params: { lang: 'en' },
      context: context(),
    }),
  )
  expect(second.status).toBe(302)
  expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
  expect(await prisma.user.count({ where: { email: { equals: email, mode: 'insensitive' } } })).toBe(1)
  expect(await prisma.user.count({ where: { email } })).toBe(1)
  // The first sign-up got the confirmation link, the second a note that the account exists.
  expect(readOutbox(email)).toHaveLength(2)
})

// ---------------------------------------------------------------------------------------------
// Log-in

test('log-in: empty, overlong, repeated, markup and SQL values are refused without a session', async () => {
  const user = await createUser()
  const valid = { email: user.email, password: TEST_PASSWORD }
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty email', { ...valid, email: '' }],
    ['empty password', { ...valid, password: '' }],
    ['long email', { ...valid, email: `${LONG}@example.org` }],
    ['long password', { ...valid, password: LONG }],
    ['email twice', { ...valid, email: [user.email, user.email] }],
    ['password twice', { ...valid, password: [TEST_PASSWORD, TEST_PASSWORD] }],
    ['markup email', { ...valid, email: HTML }],
    ['SQL email', { ...valid, email: SQL }],
    ['SQL email suffix', { ...valid, email: `${user.email}${SQL}` }],
    ['SQL password', { ...valid, password: SQL }],
    ['markup password', { ...valid, password: HTML }],
  ]
  for (const [label, fields] of cases) {
    const result = await expectRefused(label, loginAction, '/en/login', fields)
    expect(result.headers.get('Set-Cookie'), label).toBeNull()
  }
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
})

test('log-in: a bad return address never blocks or redirects off-site', async () => {
  const user = await createUser()
  // (//evil.example and https://evil.example are in security.test.ts.)
  for (const redirectTo of [LONG, '/\t/evil.example', '/\n/evil.example']) {
    const result = await submit(loginAction, { lang: 'en' }, '/en/login', {
      email: user.email,
      password: TEST_PASSWORD,
      redirectTo,
    })
    expect(result.status, redirectTo.slice(0, 30)).toBe(302)
    expect(result.headers.get('Location'), redirectTo.slice(0, 30)).toBe('/en/dashboard')
  }
  const twice = await submit(loginAction, { lang: 'en' }, '/en/login', {
    email: user.email,
    password: TEST_PASSWORD,
    redirectTo: ['/en/account', '//evil.example'],
  })
  expect(twice.status).toBe(302)
  expect(twice.headers.get('Location')).toBe('/en/dashboard')
})

test('log-in: the e-mail address is matched whatever its case and surrounding spaces', async () => {
  const user = await createUser()
  const result = await submit(loginAction, { lang: 'en' }, '/en/login', {
    email: `  ${user.email.toUpperCase()} `,
    password: TEST_PASSWORD,
  })
  expect(result.status).toBe(302)
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1)
})

// ---------------------------------------------------------------------------------------------
// Forgotten password

test('forgot-password: empty, overlong, repeated, markup and SQL addresses are refused and mail no one', async () => {
  const user = await createUser()
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty email', { email: '' }],
    ['long email', { email: `${LONG}@example.org` }],
    ['email twice', { email: [user.email, user.email] }],
    ['markup email', { email: HTML }],
    ['SQL email', { email: SQL }],
    ['SQL after address', { email: `${user.email}'; DROP TABLE "User"; --` }],
  ]
  for (const [label, fields] of cases) await expectRefused(label, forgotAction, '/es/forgot-password', fields)
  expect(readOutbox(user.email)).toHaveLength(0)
})

test('forgot-password: an address in another case reaches the same account', async () => {
  const user = await createUser()
  const result = await submit(forgotAction, { lang: 'es' }, '/es/forgot-password', {
    email: ` ${user.email.toUpperCase()}`,
  })
  expect(result.status).toBe(200)
  expect(readOutbox(user.email)).toHaveLength(1)
  expect(await prisma.verification.count({ where: { userId: user.id, purpose: 'reset' } })).toBe(1)
})

// ---------------------------------------------------------------------------------------------
// Reset password (a valid token in the database: bad input must not use it up)

test('reset-password: bad tokens and bad passwords are refused and leave the token usable', async () => {
  const user = await createUser()
  const token = await createVerification(user.id, user.email, 'reset')
  const valid = { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty token', { ...valid, token: '' }],
    ['empty password', { ...valid, password: '' }],
    ['empty confirmation', { ...valid, confirmPassword: '' }],
    ['long token', { ...valid, token: LONG }],
    ['long password', { ...valid, password: LONG, confirmPassword: LONG }],
    ['token twice', { ...valid, token: [token, token] }],
    ['password twice', { ...valid, password: [NEW_PASSWORD, NEW_PASSWORD] }],
    ['confirmation twice', { ...valid, confirmPassword: [NEW_PASSWORD, NEW_PASSWORD] }],
    ['markup token', { ...valid, token: HTML }],
    ['SQL token', { ...valid, token: SQL }],
    ['unknown token', { ...valid, token: 'A'.repeat(43) }],
    ['short password', { ...valid, password: 'short', confirmPassword: 'short' }],
    ['passwords differ', { ...valid, confirmPassword: `${NEW_PASSWORD}!` }],
  ]
  for (const [label, fields] of cases) await expectRefused(label, resetAction, '/en/reset-password', fields)
  const unknown = await expectRefused('unknown token again', resetAction, '/en/reset-password', {
    ...valid,
    token: 'B'.repeat(43),
  })
  expect(messagesOf(unknown.data)).toEqual(['auth:reset.invalid'])
  // The real token still works after all that.
  const ok = await submit(resetAction, { lang: 'en' }, '/en/reset-password', valid)
  expect(ok.status).toBe(302)
})

// ---------------------------------------------------------------------------------------------
// Verify e-mail

test('verify-email: bad tokens are refused and leave the account unverified', async () => {
  const user = await createUser({ verified: false })
  const token = await createVerification(user.id, user.email, 'email')
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty token', { token: '' }],
    ['long token', { token: LONG }],
    ['token twice, first wrong', { token: ['x'.repeat(43), token] }],
    ['markup token', { token: HTML }],
    ['SQL token', { token: SQL }],
    ['token with NUL', { token: `${token.slice(0, 20)}\u0000` }],
  ]
  for (const [label, fields] of cases) await expectRefused(label, verifyAction, '/es/verify-email', fields)
  const unknown = await expectRefused('unknown token', verifyAction, '/es/verify-email', { token: 'x'.repeat(43) })
  expect(messagesOf(unknown.data)).toEqual(['auth:verify.invalid'])
  expect(
    (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } }))
      .emailVerifiedAt,
  ).toBeNull()
})

// ---------------------------------------------------------------------------------------------
// Account: profile

test('account profile: empty, overlong, repeated, markup and SQL values are refused', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  await expectRefused('only the intent', accountAction, '/es/account', { intent: 'update-profile' }, cookie)
  for (const field of Object.keys(PROFILE).filter((f) => f !== 'intent')) {
    await expectRefused(`${field} empty`, accountAction, '/es/account', { ...PROFILE, [field]: '' }, cookie)
    await expectRefused(`${field} long`, accountAction, '/es/account', { ...PROFILE, [field]: LONG }, cookie)
    await expectRefused(
      `${field} twice`,
      accountAction,
      '/es/account',
      { ...PROFILE, [field]: [PROFILE[field as keyof typeof PROFILE], 'x'] },
      cookie,
    )
    await expectRefused(`${field} markup`, accountAction, '/es/account', { ...PROFILE, [field]: HTML }, cookie)
    if (field !== 'organisation')
      await expectRefused(`${field} SQL`, accountAction, '/es/account', { ...PROFILE, [field]: SQL }, cookie)
  }
  await expectRefused(
    'intent twice',
    accountAction,
    '/es/account',
    { ...PROFILE, intent: ['update-profile', 'logout-everywhere'] },
    cookie,
  )
  await expectRefused(
    'email cannot be set here',
    accountAction,
    '/es/account',
    { ...PROFILE, displayName: '', email: 'other@example.org' },
    cookie,
  )
})

test('account profile accepts "José Ñúñez García" and "O\'Brien"', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const result = await submit(
    accountAction,
    { lang: 'es' },
    '/es/account',
    {
      ...PROFILE,
      displayName: "O'Brien",
      certificateName: 'José Ñúñez García',
      organisation: "Ministerio de Justicia y del Derecho (O'Higgins)",
    },
    cookie,
  )
  expect(result.status).toBe(302)
  const saved = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { displayName: true, certificateName: true, organisation: true, email: true },
  })
  expect(saved).toEqual({
    displayName: "O'Brien",
    certificateName: 'José Ñúñez García',
    organisation: "Ministerio de Justicia y del Derecho (O'Higgins)",
    email: user.email,
  })
})

test('account: an unknown or missing intent is a 400 that changes nothing', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  for (const intent of ['delete-everything', '', HTML, SQL, LONG]) {
    const result = await expectRefused(
      `intent ${intent.slice(0, 20)}`,
      accountAction,
      '/es/account',
      { ...PROFILE, intent },
      cookie,
    )
    expect(messagesOf(result.data)).toEqual(['validation:form'])
  }
  await expectRefused('no intent', accountAction, '/es/account', { displayName: 'X' }, cookie)
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1)
})

// ---------------------------------------------------------------------------------------------
// Account: change password

test('account password: empty, overlong, repeated and mismatched values are refused', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const valid = { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty current', { ...valid, currentPassword: '' }],
    ['empty new', { ...valid, password: '' }],
    ['empty confirmation', { ...valid, confirmPassword: '' }],
    ['long current', { ...valid, currentPassword: LONG }],
    ['long new', { ...valid, password: LONG, confirmPassword: LONG }],
    ['current twice', { ...valid, currentPassword: [TEST_PASSWORD, TEST_PASSWORD] }],
    ['new twice', { ...valid, password: [NEW_PASSWORD, NEW_PASSWORD] }],
    ['confirmation twice', { ...valid, confirmPassword: [NEW_PASSWORD, NEW_PASSWORD] }],
    ['short new', { ...valid, password: 'short', confirmPassword: 'short' }],
    ['passwords differ', { ...valid, confirmPassword: HTML }],
  ]
  for (const [label, fields] of cases)
    await expectRefused(label, passwordAction, '/en/account/password', fields, cookie)
  const wrong = await expectRefused(
    'wrong current (SQL)',
    passwordAction,
    '/en/account/password',
    { ...valid, currentPassword: SQL },
    cookie,
  )
  expect(messagesOf(wrong.data)).toEqual(['account:password.wrongCurrent'])
})

// ---------------------------------------------------------------------------------------------
// Account: delete

test('account delete: empty, overlong, repeated and unconfirmed requests are refused', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const valid = { password: TEST_PASSWORD, confirm: 'on' }
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty password', { ...valid, password: '' }],
    ['not confirmed', { password: TEST_PASSWORD }],
    ['confirm not "on"', { ...valid, confirm: 'yes' }],
    ['long password', { ...valid, password: LONG }],
    ['long confirm', { ...valid, confirm: LONG }],
    ['password twice', { ...valid, password: [TEST_PASSWORD, TEST_PASSWORD] }],
    ['confirm twice', { ...valid, confirm: ['on', 'on'] }],
    ['markup confirm', { ...valid, confirm: HTML }],
  ]
  for (const [label, fields] of cases) await expectRefused(label, deleteAction, '/en/account/delete', fields, cookie)
  const wrong = await expectRefused(
    'wrong password (SQL)',
    deleteAction,
    '/en/account/delete',
    { ...valid, password: SQL },
    cookie,
  )
  expect(messagesOf(wrong.data)).toEqual(['account:password.wrongCurrent'])
  expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { deletedAt: true } })).toEqual({
    deletedAt: null,
  })
})

// ---------------------------------------------------------------------------------------------
// Admin: change a role (a person's page)

test('admin change-role: bad ids, roles and intents are refused and nothing is audited', async () => {
  const admin = await createUser({ role: 'admin' })
  const target = await createUser()
  const cookie = await loginCookie(admin.id)
  const path = `/en/admin/people/${target.id}`
  const valid = { intent: 'change-role', role: 'trainer' }
  const cases: Array<[string, Fields]> = [
    ['empty form', {}],
    ['empty role', { ...valid, role: '' }],
    ['long role', { ...valid, role: LONG }],
    ['role twice', { ...valid, role: ['trainer', 'admin'] }],
    ['intent twice', { ...valid, intent: ['change-role', 'change-role'] }],
    ['markup role', { ...valid, role: HTML }],
    ['SQL role', { ...valid, role: `admin${SQL}` }],
    ['role in capitals', { ...valid, role: 'ADMIN' }],
    ['unknown intent', { ...valid, intent: 'delete-user' }],
    ['missing intent', { role: 'trainer' }],
  ]
  for (const [label, fields] of cases)
    await expectRefused(label, personAction, path, fields, cookie, true, { userId: target.id })
  // A person who is not there (or an id that could not be one): a 404, nothing done.
  for (const userId of ['c'.repeat(25), LONG, HTML, SQL, `${target.id}\u0000`]) {
    const before = await databaseFingerprint()
    const result = await submit(
      personAction,
      { lang: 'en', userId },
      `/en/admin/people/${encodeURIComponent(userId)}`,
      valid,
      cookie,
    )
    expect(result.status, userId.slice(0, 20)).toBe(404)
    expect(await databaseFingerprint()).toEqual(before)
  }
  expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true } })).toEqual({
    role: 'learner',
  })
})

test('admin people search: a query with a NUL byte or 10,000 characters is a 400, never an error', async () => {
  const admin = await createUser({ role: 'admin' })
  const cookie = await loginCookie(admin.id)
  for (const q of ['a%00b', encodeURIComponent(LONG)]) {
    const result = await visit(peopleLoader, { lang: 'en' }, `/en/admin/people?q=${q}`, cookie)
    expect(result.status, q.slice(0, 20)).toBe(400)
  }
  // SQL and markup are only text to search for: found only where someone typed them.
  for (const text of [SQL, HTML]) {
    const result = await visit(peopleLoader, { lang: 'en' }, `/en/admin/people?q=${encodeURIComponent(text)}`, cookie)
    expect(result.status, text).toBe(200)
    for (const person of (
      result.data as { people: Array<{ displayName: string; email: string; organisation: string }> }
    ).people) {
      expect(`${person.displayName} ${person.email} ${person.organisation}`, text).toContain(text)
    }
  }
})

// ---------------------------------------------------------------------------------------------
// Missing or forged session cookies

test('signed-in forms with no cookie, a forged cookie or an expired session change nothing', async () => {
  const user = await createUser()
  const admin = await createUser({ role: 'admin' })
  const real = await prisma.session.create({
    data: { userId: admin.id, expiresAt: new Date(Date.now() + 60_000) },
    select: { id: true },
  })
  const expired = await prisma.session.create({
    data: { userId: admin.id, expiresAt: new Date(Date.now() - 1000) },
    select: { id: true },
  })
  const wrongSecret = createCookie('aula_session', { secrets: ['not-the-secret-at-all-000000'] })
  const unsigned = createCookie('aula_session')
  const { sessionCookie } = await import('#app/utils/session.server.ts')
  const cookies: Array<[string, string | undefined]> = [
    ['no cookie', undefined],
    ['wrong secret', (await wrongSecret.serialize(real.id)).split(';')[0]],
    ['unsigned', (await unsigned.serialize(real.id)).split(';')[0]],
    ['raw id', `aula_session=${real.id}`],
    ['garbage', 'aula_session=%E0%A4%A; aula_session=..'],
    ['markup', `aula_session=${encodeURIComponent(HTML)}`],
    ['expired session', (await sessionCookie().serialize(expired.id)).split(';')[0]],
  ]
  const forms: Array<[string, ActionFn, string, Fields]> = [
    ['profile', accountAction, '/en/account', { ...PROFILE, displayName: 'Changed' }],
    ['logout everywhere', accountAction, '/en/account', { intent: 'logout-everywhere' }],
    [
      'password',
      passwordAction,
      '/en/account/password',
      { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    ],
    ['delete', deleteAction, '/en/account/delete', { password: TEST_PASSWORD, confirm: 'on' }],
    ['change role', personAction, `/en/admin/people/${user.id}`, { intent: 'change-role', role: 'admin' }],
  ]
  for (const [cookieLabel, cookie] of cookies) {
    for (const [formLabel, action, path, fields] of forms) {
      const label = `${formLabel} with ${cookieLabel}`
      const before = await databaseFingerprint()
      const result = await submit(action, { lang: 'en', userId: user.id }, path, fields, cookie)
      // The guard sends anonymous people to log in (and back here afterwards): no 500, no change.
      expect(result.status, label).toBe(302)
      expect(result.headers.get('Location'), label).toBe(`/en/login?${new URLSearchParams({ redirectTo: path })}`)
      expect(await databaseFingerprint(), label).toEqual(before)
    }
  }
})

test('public forms ignore a forged session cookie and still answer with a 4xx to bad input', async () => {
  const admin = await createUser({ role: 'admin' })
  const session = await prisma.session.create({
    data: { userId: admin.id, expiresAt: new Date(Date.now() + 60_000) },
    select: { id: true },
  })
  const forged = (
    await createCookie('aula_session', { secrets: ['not-the-secret-at-all-000000'] }).serialize(session.id)
  ).split(';')[0]!
  await expectRefused('login', loginAction, '/en/login', { email: admin.email, password: 'wrong password' }, forged)
  await expectRefused('signup', signupAction, '/en/signup', { email: admin.email }, forged)
  await expectRefused('forgot', forgotAction, '/en/forgot-password', { email: '' }, forged)
  await expectRefused('reset', resetAction, '/en/reset-password', { token: '' }, forged)
  await expectRefused('verify', verifyAction, '/en/verify-email', { token: '' }, forged)
  // The forged cookie did not let a log-in rotate (delete) the admin's real session.
  expect(await prisma.session.count({ where: { id: session.id } })).toBe(1)
})
