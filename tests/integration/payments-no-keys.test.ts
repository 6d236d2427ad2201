// With no Stripe keys and offline mode off, paid courses take enrolment requests, which
// administrators approve or decline (audited); checkout, the webhook and the stand-in are off.
import { beforeAll, expect, test } from 'vitest'
import { generatePrivateJwk } from '#app/certificates/signing-key.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { webhookSecret } from '#app/payments/stripe.server.ts'
import { action as paymentsAction, loader as paymentsLoader } from '#app/routes/$lang.admin.payments.tsx'
import { action as courseAction, loader as courseLoader } from '#app/routes/$lang.courses.$course._index.tsx'
import { loader as standInLoader } from '#app/routes/$lang.dev.checkout.$session.tsx'
import { action as webhookAction } from '#app/routes/webhooks.stripe.ts'
import { prisma } from '#app/utils/db.server.ts'
import { init, paymentsMode } from '#app/utils/env.server.ts'
import { context, createUser, loginCookie, ORIGIN, submit, visit } from '#tests/utils.ts'

const COURSE = 'homicide-sdg16'

/** An administrator's decision on an enrolment request, posted to the payments page. */
function decide(intent: string, requestId: string, cookie: string) {
  return submit(paymentsAction, { lang: 'es' }, '/es/admin/payments', { intent, requestId }, cookie)
}

init({ ...process.env, STRIPE_OFFLINE: 'false', STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' })

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

test('the modes: no keys is "none", offline is never the production default, keys come in pairs', async () => {
  expect(paymentsMode()).toBe('none')
  expect(webhookSecret()).toBeNull()
  const load = (vars: Record<string, string | undefined>) => init(vars as NodeJS.ProcessEnv)
  const base = {
    ...process.env,
    STRIPE_OFFLINE: undefined,
    STRIPE_SECRET_KEY: undefined,
    STRIPE_WEBHOOK_SECRET: undefined,
  }
  const production = {
    ...base,
    NODE_ENV: 'production',
    SESSION_SECRET: 'a-production-secret-0123456789',
    CREDENTIAL_SIGNING_KEY: JSON.stringify(await generatePrivateJwk()),
  }
  expect(paymentsMode(load(production))).toBe('none')
  expect(paymentsMode(load({ ...base, NODE_ENV: 'development' }))).toBe('offline')
  expect(paymentsMode(load({ ...production, STRIPE_OFFLINE: 'true' }))).toBe('offline')
  // ...but only on a local address (the end-to-end servers): on a public site anyone could "pay".
  expect(() => load({ ...production, APP_URL: 'https://aula.example.org', STRIPE_OFFLINE: 'true' })).toThrow(
    /STRIPE_OFFLINE/,
  )
  // Production also needs the certificate signing key.
  expect(() => load({ ...production, CREDENTIAL_KEY_FILE: undefined, CREDENTIAL_SIGNING_KEY: undefined })).toThrow(
    /CREDENTIAL_SIGNING_KEY/,
  )
  expect(
    paymentsMode(load({ ...production, STRIPE_SECRET_KEY: 'sk_live_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' })),
  ).toBe('stripe')
  expect(() => load({ ...production, STRIPE_SECRET_KEY: 'sk_live_abc123' })).toThrow(/STRIPE_WEBHOOK_SECRET/)
  expect(() =>
    load({ ...production, STRIPE_SECRET_KEY: 'pk_live_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' }),
  ).toThrow(/STRIPE_SECRET_KEY/)
  expect(() =>
    load({
      ...production,
      STRIPE_OFFLINE: 'true',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    }),
  ).toThrow(/STRIPE_OFFLINE/)
  load({ ...process.env, STRIPE_OFFLINE: 'false', STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' })
  expect(paymentsMode()).toBe('none')
})

test('a learner requests enrolment; asking twice keeps one request; an administrator approves it (audited)', async () => {
  const learner = await createUser()
  const cookie = await loginCookie(learner.id)
  const params = { lang: 'es', course: COURSE }
  const page = await visit(courseLoader, params, `/es/courses/${COURSE}`, cookie)
  expect(page.data).toMatchObject({ purchase: 'request', requested: false, access: 'locked' })

  const checkout = await submit(courseAction, params, `/es/courses/${COURSE}`, { intent: 'checkout' }, cookie)
  expect(checkout.status).toBe(400)
  const tooLong = await submit(
    courseAction,
    params,
    `/es/courses/${COURSE}`,
    { intent: 'request-enrolment', message: 'x'.repeat(1001) },
    cookie,
  )
  expect(tooLong.status).toBe(400)
  expect(await prisma.enrolmentRequest.count({ where: { userId: learner.id } })).toBe(0)

  for (let i = 0; i < 2; i++) {
    const sent = await submit(
      courseAction,
      params,
      `/es/courses/${COURSE}`,
      { intent: 'request-enrolment', message: 'Trabajo en el INE.' },
      cookie,
    )
    expect(sent.status).toBe(302)
  }
  expect(await prisma.enrolmentRequest.count({ where: { userId: learner.id } })).toBe(1)
  const after = await visit(courseLoader, params, `/es/courses/${COURSE}`, cookie)
  expect(after.data).toMatchObject({ requested: true })

  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const list = await visit(paymentsLoader, { lang: 'es' }, '/es/admin/payments', adminCookie)
  const request = list.data as { mode: string; requests: Array<{ id: string; email: string; message: string }> }
  expect(request.mode).toBe('none')
  const mine = request.requests.find((r) => r.email === learner.email)!
  expect(mine.message).toBe('Trabajo en el INE.')

  // A learner cannot decide requests.
  const forbidden = await decide('approve-enrolment-request', mine.id, cookie)
  expect(forbidden.status).toBe(403)
  const bad = await decide('approve-enrolment-request', "x'; DROP", adminCookie)
  expect(bad.status).toBe(400)

  const approved = await decide('approve-enrolment-request', mine.id, adminCookie)
  expect(approved.status).toBe(302)
  expect(
    await prisma.enrolment.findFirst({
      where: { userId: learner.id, courseId: COURSE },
      select: { source: true, grantedById: true },
    }),
  ).toEqual({ source: 'admin', grantedById: admin.id })
  expect(
    await prisma.auditEvent.findMany({ where: { actorId: admin.id }, select: { action: true, subject: true } }),
  ).toEqual([{ action: 'enrolment.request.approve', subject: `user:${learner.id}` }])
  // Deciding it again: 404, nothing more.
  const again = await decide('decline-enrolment-request', mine.id, adminCookie)
  expect(again.status).toBe(404)
  expect(await prisma.auditEvent.count({ where: { actorId: admin.id } })).toBe(1)
  const enrolled = await visit(courseLoader, params, `/es/courses/${COURSE}`, cookie)
  expect(enrolled.data).toMatchObject({ access: 'enrolled', enrolled: true })
})

test('a declined request enrols no one', async () => {
  const learner = await createUser()
  const cookie = await loginCookie(learner.id)
  await submit(
    courseAction,
    { lang: 'en', course: COURSE },
    `/en/courses/${COURSE}`,
    { intent: 'request-enrolment' },
    cookie,
  )
  const pending = await prisma.enrolmentRequest.findFirstOrThrow({
    where: { userId: learner.id },
    select: { id: true },
  })
  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const declined = await submit(
    paymentsAction,
    { lang: 'en' },
    '/en/admin/payments',
    { intent: 'decline-enrolment-request', requestId: pending.id },
    adminCookie,
  )
  expect(declined.status).toBe(302)
  expect(await prisma.enrolmentRequest.findUnique({ where: { id: pending.id }, select: { status: true } })).toEqual({
    status: 'declined',
  })
  expect(await prisma.enrolment.count({ where: { userId: learner.id } })).toBe(0)
})

test('without payments configured, the webhook and the stand-in checkout do not exist', async () => {
  const response = (await webhookAction({
    request: new Request(`${ORIGIN}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'Stripe-Signature': 't=1,v1=x' },
      body: '{}',
    }),
    params: {},
    context: context(),
  })) as Response
  expect(response.status).toBe(404)
  const standIn = await visit(
    standInLoader,
    { lang: 'en', session: 'cs_test_123' },
    '/en/dev/checkout/cs_test_123?s=abc.def',
  )
  expect(standIn.status).toBe(404)
  expect(await prisma.stripeEvent.count()).toBe(0)
})

test('approving a request of someone whose enrolment was cancelled enrols them again', async () => {
  const { decideEnrolmentRequest } = await import('#app/payments/requests.server.ts')
  const admin = await createUser({ role: 'admin' })
  const learner = await createUser()
  await prisma.enrolment.create({
    data: { userId: learner.id, courseId: COURSE, source: 'payment', status: 'cancelled' },
    select: { id: true },
  })
  const request = await prisma.enrolmentRequest.create({
    data: { userId: learner.id, courseId: COURSE },
    select: { id: true },
  })
  await decideEnrolmentRequest({ actorId: admin.id, requestId: request.id, decision: 'approve' })
  expect(
    await prisma.enrolment.findUniqueOrThrow({
      where: { userId_courseId: { userId: learner.id, courseId: COURSE } },
      select: { status: true, source: true },
    }),
  ).toEqual({ status: 'active', source: 'admin' })
})
