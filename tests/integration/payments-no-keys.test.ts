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
import { context, createUser, getRequest, loginCookie, ORIGIN, postRequest, settle } from '#tests/utils.ts'

const COURSE = 'homicide-sdg16'

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
  const page = await settle(() =>
    courseLoader({ request: getRequest(`/es/courses/${COURSE}`, cookie), params, context: context() }),
  )
  expect(page.data).toMatchObject({ purchase: 'request', requested: false, access: 'locked' })

  const checkout = await settle(() =>
    courseAction({
      request: postRequest(`/es/courses/${COURSE}`, { intent: 'checkout' }, cookie),
      params,
      context: context(),
    }),
  )
  expect(checkout.status).toBe(400)
  const tooLong = await settle(() =>
    courseAction({
      request: postRequest(`/es/courses/${COURSE}`, { intent: 'request-enrolment', message: 'x'.repeat(1001) }, cookie),
      params,
      context: context(),
    }),
  )
  expect(tooLong.status).toBe(400)
  expect(await prisma.enrolmentRequest.count({ where: { userId: learner.id } })).toBe(0)

  for (let i = 0; i < 2; i++) {
    const sent = await settle(() =>
      courseAction({
        request: postRequest(
          `/es/courses/${COURSE}`,
          { intent: 'request-enrolment', message: 'Trabajo en el INE.' },
          cookie,
        ),
        params,
        context: context(),
      }),
    )
    expect(sent.status).toBe(302)
  }
  expect(await prisma.enrolmentRequest.count({ where: { userId: learner.id } })).toBe(1)
  const after = await settle(() =>
    courseLoader({ request: getRequest(`/es/courses/${COURSE}`, cookie), params, context: context() }),
  )
  expect(after.data).toMatchObject({ requested: true })

  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const list = await settle(() =>
    paymentsLoader({
      request: getRequest('/es/admin/payments', adminCookie),
      params: { lang: 'es' },
      context: context(),
    }),
  )
  const request = list.data as { mode: string; requests: Array<{ id: string; email: string; message: string }> }
  expect(request.mode).toBe('none')
  const mine = request.requests.find((r) => r.email === learner.email)!
  expect(mine.message).toBe('Trabajo en el INE.')

  // A learner cannot decide requests.
  const forbidden = await settle(() =>
    paymentsAction({
      request: postRequest('/es/admin/payments', { intent: 'approve-enrolment-request', requestId: mine.id }, cookie),
      params: { lang: 'es' },
      context: context(),
    }),
  )
  expect(forbidden.status).toBe(403)
  const bad = await settle(() =>
    paymentsAction({
      request: postRequest(
        '/es/admin/payments',
        { intent: 'approve-enrolment-request', requestId: "x'; DROP" },
        adminCookie,
      ),
      params: { lang: 'es' },
      context: context(),
    }),
  )
  expect(bad.status).toBe(400)

  const approved = await settle(() =>
    paymentsAction({
      request: postRequest(
        '/es/admin/payments',
        { intent: 'approve-enrolment-request', requestId: mine.id },
        adminCookie,
      ),
      params: { lang: 'es' },
      context: context(),
    }),
  )
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
  const again = await settle(() =>
    paymentsAction({
      request: postRequest(
        '/es/admin/payments',
        { intent: 'decline-enrolment-request', requestId: mine.id },
        adminCookie,
      ),
      params: { lang: 'es' },
      context: context(),
    }),
  )
  expect(again.status).toBe(404)
  expect(await prisma.auditEvent.count({ where: { actorId: admin.id } })).toBe(1)
  const enrolled = await settle(() =>
    courseLoader({ request: getRequest(`/es/courses/${COURSE}`, cookie), params, context: context() }),
  )
  expect(enrolled.data).toMatchObject({ access: 'enrolled', enrolled: true })
})

test('a declined request enrols no one', async () => {
  const learner = await createUser()
  const cookie = await loginCookie(learner.id)
  await settle(() =>
    courseAction({
      request: postRequest(`/en/courses/${COURSE}`, { intent: 'request-enrolment' }, cookie),
      params: { lang: 'en', course: COURSE },
      context: context(),
    }),
  )
  const pending = await prisma.enrolmentRequest.findFirstOrThrow({
    where: { userId: learner.id },
    select: { id: true },
  })
  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const declined = await settle(() =>
    paymentsAction({
      request: postRequest(
        '/en/admin/payments',
        { intent: 'decline-enrolment-request', requestId: pending.id },
        adminCookie,
      ),
      params: { lang: 'en' },
      context: context(),
    }),
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
  const standIn = await settle(() =>
    standInLoader({
      request: getRequest('/en/dev/checkout/cs_test_123?s=abc.def'),
      params: { lang: 'en', session: 'cs_test_123' },
      context: context(),
    }),
  )
  expect(standIn.status).toBe(404)
  expect(await prisma.stripeEvent.count()).toBe(0)
})

test('approving a request of someone whose enrolment was cancelled enrols them again', async () => {
  const { decideEnrolmentRequest } = await import('#app/payments/payment.server.ts')
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
