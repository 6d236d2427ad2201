// Paid enrolment end to end in offline mode (MSW serves Stripe's API; the stand-in checkout page
// sends a signed webhook, delivered here straight to the webhook route), and the webhook's bad
// input, replays and races, refunds, flagged payments and waivers.
import { createHmac, randomBytes } from 'node:crypto'
import { http } from 'msw'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { signedWebhook, webhookSecret } from '#app/payments/stripe.server.ts'
import { grantWaiver } from '#app/payments/waivers.server.ts'
import { action as paymentsAction, loader as paymentsLoader } from '#app/routes/$lang.admin.payments.tsx'
import { loader as successLoader } from '#app/routes/$lang.checkout.success.tsx'
import { action as courseAction, loader as courseLoader } from '#app/routes/$lang.courses.$course._index.tsx'
import { action as standInAction, loader as standInLoader } from '#app/routes/$lang.dev.checkout.$session.tsx'
import { action as webhookAction, loader as webhookLoader } from '#app/routes/webhooks.stripe.ts'
import { prisma } from '#app/utils/db.server.ts'
import { init, paymentsMode } from '#app/utils/env.server.ts'
import { startOfflineStripe } from '#tests/mocks/stripe-webhook.ts'
import { checkoutCompleted, startStripeMocks, stopStripeMocks } from '#tests/mocks/stripe.ts'
import { context, createUser, loginCookie, ORIGIN, readOutbox, runDueJobs, submit, visit } from '#tests/utils.ts'

const COURSE = 'homicide-sdg16'
const PRICE = 4900

init({ ...process.env, STRIPE_OFFLINE: 'true' })

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
  // The stand-in page posts its webhook to this server; here it reaches the route directly.
  startOfflineStripe()
})
afterAll(() => stopStripeMocks())

function webhookRequest(body: string, signature: string | null) {
  return new Request(`${ORIGIN}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { 'Stripe-Signature': signature }) },
    body,
  })
}

async function deliver(event: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const { payload, header } = signedWebhook(event, options.secret ?? webhookSecret()!, options.timestamp)
  const response = (await webhookAction({
    request: webhookRequest(payload, header),
    params: {},
    context: context(),
  })) as Response
  // The mails the event queued go out as the job runner would send them.
  await runDueJobs()
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

function sessionId() {
  return `cs_test_${randomBytes(12).toString('hex')}`
}

function completed(
  userId: string,
  overrides: { id?: string; session?: string; amount?: number; currency?: string; type?: string; intent?: string } = {},
) {
  return checkoutCompleted({ userId, courseId: COURSE, amount: PRICE, lang: 'es', ...overrides })
}

async function counts(userId: string) {
  const [payments, enrolments, events] = await Promise.all([
    prisma.payment.count({ where: { userId } }),
    prisma.enrolment.count({ where: { userId, courseId: COURSE } }),
    prisma.stripeEvent.count(),
  ])
  return { payments, enrolments, events }
}

test('offline mode is on for this file, and the webhook secret is derived, not a fixed value', () => {
  expect(paymentsMode()).toBe('offline')
  expect(webhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/)
})

test('a learner buys the paid course: checkout in their language and currency, webhook, enrolment, mail in their language', async () => {
  const user = await createUser({ preferredLocale: 'es' })
  const cookie = await loginCookie(user.id)
  const params = { lang: 'es', course: COURSE }

  const page = await visit(courseLoader, params, `/es/courses/${COURSE}`, cookie)
  expect(page.data).toMatchObject({ access: 'locked', purchase: 'checkout', enrolled: false })
  // A paid course cannot be "enrolled for free".
  const free = await submit(courseAction, params, `/es/courses/${COURSE}`, { intent: 'enrol' }, cookie)
  expect(free.status).toBe(403)

  const checkout = await submit(courseAction, params, `/es/courses/${COURSE}`, { intent: 'checkout' }, cookie)
  expect(checkout.status).toBe(302)
  const standIn = new URL(checkout.headers.get('Location')!)
  expect(standIn.pathname).toMatch(/^\/es\/dev\/checkout\/cs_test_[a-f0-9]+$/)
  const session = standIn.pathname.split('/').pop()!
  const standInParams = { lang: 'es', session }

  const shown = await visit(standInLoader, standInParams, `${standIn.pathname}${standIn.search}`)
  expect(shown.status).toBe(200)
  expect(shown.data).toMatchObject({ price: expect.stringContaining('49'), email: user.email })
  // The session's details cannot be altered on the way.
  const forged = new URL(standIn)
  forged.searchParams.set(
    's',
    forged.searchParams.get('s')!.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')),
  )
  expect((await visit(standInLoader, standInParams, `${forged.pathname}${forged.search}`)).status).toBe(404)
  expect(await counts(user.id)).toMatchObject({ payments: 0, enrolments: 0 })

  const paid = await submit(standInAction, standInParams, `${standIn.pathname}${standIn.search}`, { intent: 'pay' })
  expect(paid.status).toBe(302)
  const success = new URL(paid.headers.get('Location')!)
  expect(success.pathname).toBe('/es/checkout/success')
  expect(success.searchParams.get('session_id')).toBe(session)

  const payment = await prisma.payment.findFirstOrThrow({
    where: { userId: user.id },
    select: {
      amountCents: true,
      currency: true,
      status: true,
      flagged: true,
      stripeSessionId: true,
      stripePaymentIntentId: true,
    },
  })
  expect(payment).toMatchObject({
    amountCents: PRICE,
    currency: 'USD',
    status: 'paid',
    flagged: false,
    stripeSessionId: session,
  })
  expect(payment.stripePaymentIntentId).toMatch(/^pi_/)
  const enrolment = await prisma.enrolment.findFirstOrThrow({
    where: { userId: user.id, courseId: COURSE },
    select: { source: true, status: true },
  })
  expect(enrolment).toEqual({ source: 'payment', status: 'active' })

  const done = await visit(successLoader, { lang: 'es' }, `${success.pathname}${success.search}`, cookie)
  // Confirmed by the webhook: straight into the course's first lesson, with a toast saying so.
  const course = getManifest().courses.find((c) => c.id === COURSE)!
  expect(done.status).toBe(302)
  expect(done.headers.get('Location')).toBe(`/es/courses/${COURSE}/${course.modules[0]!.lessons[0]!.id}`)
  expect(done.headers.get('Set-Cookie')).toMatch(/^aula_toast=/)
  // The confirmation and the receipt (receipts.test.ts), both in the learner's language.
  const all = readOutbox(user.email)
  expect(all.map((m) => m.subject).sort()).toEqual([
    expect.stringMatching(/^Su recibo AULA-R-\d{4}-\d{6} de /),
    expect.stringMatching(/^Ya está inscrito en /),
  ])
  const mails = all.filter((m) => !m.subject.startsWith('Su recibo'))
  expect(mails[0]!.text).toContain('USD')

  // Paying the same session again (a double click) sends the same event: nothing more.
  const again = await submit(standInAction, standInParams, `${standIn.pathname}${standIn.search}`, { intent: 'pay' })
  expect(again.status).toBe(302)
  expect(await counts(user.id)).toMatchObject({ payments: 1, enrolments: 1 })
  expect(readOutbox(user.email)).toHaveLength(2) // the confirmation and the receipt, once

  const after = await visit(courseLoader, params, `/es/courses/${COURSE}`, cookie)
  expect(after.data).toMatchObject({ access: 'enrolled', enrolled: true })
  // And buying it again is refused.
  const twice = await submit(courseAction, params, `/es/courses/${COURSE}`, { intent: 'checkout' }, cookie)
  expect(twice.status).toBe(409)
})

test('cancel on the stand-in page goes to the cancel page and records nothing', async () => {
  const user = await createUser({ preferredLocale: 'en' })
  const cookie = await loginCookie(user.id)
  const checkout = await submit(
    courseAction,
    { lang: 'en', course: COURSE },
    `/en/courses/${COURSE}`,
    { intent: 'checkout' },
    cookie,
  )
  const standIn = new URL(checkout.headers.get('Location')!)
  const params = { lang: 'en', session: standIn.pathname.split('/').pop()! }
  const cancelled = await submit(standInAction, params, `${standIn.pathname}${standIn.search}`, { intent: 'cancel' })
  expect(cancelled.status).toBe(302)
  expect(cancelled.headers.get('Location')).toBe(`${ORIGIN}/en/checkout/cancel?course=${COURSE}`)
  const bad = await submit(standInAction, params, `${standIn.pathname}${standIn.search}`, { intent: 'steal' })
  expect(bad.status).toBe(400)
  expect(await counts(user.id)).toMatchObject({ payments: 0, enrolments: 0 })
})

test('the Stripe API stand-in refuses a wrong key, as Stripe does, and the course page answers 503 without charging', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const response = await fetch('https://api.stripe.com/v1/checkout/sessions', {
    method: 'POST',
    headers: { Authorization: 'Bearer sk_test_wrong' },
    body: 'mode=payment',
  })
  expect(response.status).toBe(401)
  startStripeMocks().use(
    http.post(
      'https://api.stripe.com/v1/checkout/sessions',
      () => new Response('{"error":{"type":"api_error","message":"down"}}', { status: 500 }),
    ),
  )
  try {
    const result = await submit(
      courseAction,
      { lang: 'en', course: COURSE },
      `/en/courses/${COURSE}`,
      { intent: 'checkout' },
      cookie,
    )
    expect(result.status).toBe(503)
    expect((result.data as { result: { error: Record<string, string[]> } }).result.error['']).toEqual([
      'payments:errors.stripeUnavailable',
    ])
  } finally {
    startStripeMocks().resetHandlers()
    startOfflineStripe()
  }
})

test('bad webhooks get a 4xx (or a harmless 200) and change nothing', async () => {
  const user = await createUser()
  const event = completed(user.id)
  const before = await counts(user.id)
  const { payload, header } = signedWebhook(event)

  const cases: Array<[string, Request, number]> = [
    ['no signature', webhookRequest(payload, null), 400],
    ['empty signature', webhookRequest(payload, ''), 400],
    ['signed with another secret', webhookRequest(payload, signedWebhook(event, 'whsec_someoneelse').header), 400],
    ['garbage signature', webhookRequest(payload, 't=123,v1=abc'), 400],
    ['body changed after signing', webhookRequest(payload.replace(String(PRICE), '1'), header), 400],
    [
      'timestamp older than five minutes',
      webhookRequest(payload, signedWebhook(event, webhookSecret()!, Math.floor(Date.now() / 1000) - 3600).header),
      400,
    ],
    [
      'malformed JSON, correctly signed',
      webhookRequest('{"id": "evt_1", "type": ', signRaw('{"id": "evt_1", "type": ')),
      400,
    ],
    [
      'JSON that is not an event, correctly signed',
      (() => {
        const s = signedWebhook({ hello: 'world' })
        return webhookRequest(s.payload, s.header)
      })(),
      400,
    ],
  ]
  for (const [label, request, status] of cases) {
    const response = (await webhookAction({ request, params: {}, context: context() })) as Response
    expect(response.status, label).toBe(status)
  }
  // An event type Aula does not use: 200, so Stripe stops sending it; nothing recorded.
  const unknown = await deliver({ ...event, type: 'customer.created' })
  expect(unknown).toEqual({
    status: 200,
    body: { received: true, result: 'ignored', reason: 'event type not handled' },
  })
  // GET is not a webhook.
  expect(((await webhookLoader()) as Response).status).toBe(405)
  expect(await counts(user.id)).toEqual(before)
})

/** A Stripe-Signature header for any raw body (Stripe's v1 scheme: HMAC of "timestamp.body"). */
function signRaw(body: string): string {
  const timestamp = Math.floor(Date.now() / 1000)
  return `t=${timestamp},v1=${createHmac('sha256', webhookSecret()!).update(`${timestamp}.${body}`).digest('hex')}`
}

test('the same event delivered 50 times at once gives one payment and one enrolment', async () => {
  const user = await createUser({ preferredLocale: 'en' })
  const event = completed(user.id)
  const { payload, header } = signedWebhook(event)
  const responses = await Promise.all(
    Array.from(
      { length: 50 },
      () =>
        webhookAction({
          request: webhookRequest(payload, header),
          params: {},
          context: context(),
        }) as Promise<Response>,
    ),
  )
  const results = await Promise.all(
    responses.map(async (r) => ({ status: r.status, result: ((await r.json()) as { result: string }).result })),
  )
  expect(results.every((r) => r.status === 200)).toBe(true)
  expect(results.filter((r) => r.result === 'processed')).toHaveLength(1)
  expect(results.filter((r) => r.result === 'duplicate')).toHaveLength(49)
  expect(await counts(user.id)).toMatchObject({ payments: 1, enrolments: 1 })
  expect(await prisma.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  await runDueJobs()
  // One confirmation and one receipt.
  expect(readOutbox(user.email)).toHaveLength(2)
})

test('two different events for one purchase still give one payment and one enrolment', async () => {
  const user = await createUser()
  const session = sessionId()
  const first = completed(user.id, { session })
  const second = completed(user.id, { session, type: 'checkout.session.async_payment_succeeded' })
  const [a, b] = await Promise.all([deliver(first), deliver(second)])
  expect([a.status, b.status]).toEqual([200, 200])
  expect([a.body.result, b.body.result].sort()).toEqual(['duplicate', 'processed'])
  expect(await counts(user.id)).toMatchObject({ payments: 1, enrolments: 1 })
})

test('a wrong amount or currency is recorded and flagged for administrators, not enrolled', async () => {
  const cheap = await createUser()
  const r1 = await deliver(completed(cheap.id, { amount: 100 }))
  expect(r1.body).toMatchObject({ result: 'processed', enrolled: false, flagReason: 'amount_mismatch' })
  const euros = await createUser()
  const r2 = await deliver(completed(euros.id, { currency: 'eur' }))
  expect(r2.body).toMatchObject({ result: 'processed', enrolled: false, flagReason: 'currency_mismatch' })
  for (const user of [cheap, euros]) {
    expect(await counts(user.id)).toMatchObject({ payments: 1, enrolments: 0 })
  }
  expect(
    await prisma.payment.findFirst({
      where: { userId: cheap.id },
      select: { flagged: true, flagReason: true, amountCents: true },
    }),
  ).toEqual({ flagged: true, flagReason: 'amount_mismatch', amountCents: 100 })

  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const page = await visit(paymentsLoader, { lang: 'en' }, '/en/admin/payments', adminCookie)
  const flagged = (page.data as { flagged: Array<{ email: string; flagReason: string | null }> }).flagged
  expect(flagged.map((p) => [p.email, p.flagReason])).toEqual(
    expect.arrayContaining([
      [euros.email, 'currency_mismatch'],
      [cheap.email, 'amount_mismatch'],
    ]),
  )
  // An unpaid (delayed) completion and a checkout that is not Aula's are ignored.
  const unpaid = completed(cheap.id)
  unpaid.data.object.payment_status = 'unpaid'
  expect((await deliver(unpaid)).body).toMatchObject({ result: 'ignored' })
  const foreign = completed(cheap.id)
  ;(foreign.data.object as { metadata: unknown }).metadata = { order: '42' }
  expect((await deliver(foreign)).body).toMatchObject({ result: 'ignored', reason: 'not an Aula checkout' })
})

test('charge.refunded marks the payment refunded (a partial refund only counts the amount)', async () => {
  const user = await createUser()
  const intent = intentId()
  await deliver(completed(user.id, { intent }))
  const refund = (amountRefunded: number, refunded: boolean) => refundEvent(intent, amountRefunded, refunded)
  expect((await deliver(refund(1000, false))).body).toMatchObject({ result: 'processed' })
  expect(
    await prisma.payment.findFirst({ where: { userId: user.id }, select: { status: true, refundedCents: true } }),
  ).toEqual({ status: 'paid', refundedCents: 1000 })
  const full = refund(PRICE, true)
  expect((await deliver(full)).body).toMatchObject({ result: 'processed' })
  expect((await deliver(full)).body).toMatchObject({ result: 'duplicate' })
  const payment = await prisma.payment.findFirstOrThrow({
    where: { userId: user.id },
    select: { status: true, refundedCents: true, refundedAt: true },
  })
  expect(payment).toMatchObject({ status: 'refunded', refundedCents: PRICE })
  expect(payment.refundedAt).not.toBeNull()
  // A refund for a charge Aula has not seen (yet) changes no payment: it is kept for its purchase.
  const stranger = refund(100, true)
  stranger.data.object.payment_intent = `pi_unknown_${randomBytes(6).toString('hex')}`
  expect((await deliver(stranger)).body).toMatchObject({ result: 'deferred' })
  expect(await prisma.payment.count({ where: { stripePaymentIntentId: stranger.data.object.payment_intent } })).toBe(0)
  expect(await prisma.pendingRefund.count({ where: { paymentIntentId: stranger.data.object.payment_intent } })).toBe(1)
})

function refundEvent(intent: string, amountRefunded: number, refunded: boolean) {
  return {
    id: `evt_${randomBytes(12).toString('hex')}`,
    type: 'charge.refunded',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        object: 'charge',
        id: `ch_${randomBytes(8).toString('hex')}`,
        payment_intent: intent,
        amount: PRICE,
        amount_refunded: amountRefunded,
        refunded,
      },
    },
  }
}

function intentId() {
  return `pi_${randomBytes(12).toString('hex')}`
}

async function enrolment(userId: string) {
  return prisma.enrolment.findUnique({
    where: { userId_courseId: { userId, courseId: COURSE } },
    select: { status: true, source: true, paymentId: true },
  })
}

test('a full refund cancels the enrolment its payment made (progress kept, audited, learner told); a partial one does not', async () => {
  const user = await createUser({ preferredLocale: 'es' })
  const cookie = await loginCookie(user.id)
  const intent = intentId()
  expect((await deliver(completed(user.id, { intent }))).body).toMatchObject({ result: 'processed', enrolled: true })
  const payment = await prisma.payment.findFirstOrThrow({ where: { userId: user.id }, select: { id: true } })
  expect(await enrolment(user.id)).toEqual({ status: 'active', source: 'payment', paymentId: payment.id })
  await prisma.lessonProgress.create({
    data: { userId: user.id, courseId: COURSE, lessonId: 'some-module/some-lesson', completedAt: new Date() },
  })

  // Partial: still enrolled, told how much came back.
  expect((await deliver(refundEvent(intent, 1000, false))).body).toMatchObject({ result: 'processed' })
  expect(await enrolment(user.id)).toMatchObject({ status: 'active' })
  const withoutReceipts = () => readOutbox(user.email).filter((m) => !m.subject.startsWith('Su recibo'))
  let mails = withoutReceipts()
  expect(mails.map((m) => m.subject)).toEqual([
    expect.stringMatching(/^Ya está inscrito en /),
    expect.stringMatching(/^Reembolso de /),
  ])
  expect(mails[1]!.text).toContain('Sigue inscrito')

  // Full: the enrolment is cancelled, nothing else is deleted, the change is audited with no actor.
  const full = refundEvent(intent, PRICE, true)
  expect((await deliver(full)).body).toMatchObject({ result: 'processed' })
  expect(await enrolment(user.id)).toEqual({ status: 'cancelled', source: 'payment', paymentId: payment.id })
  expect(await prisma.lessonProgress.count({ where: { userId: user.id, courseId: COURSE } })).toBe(1)
  expect(
    await prisma.payment.findUniqueOrThrow({
      where: { id: payment.id },
      select: { status: true, refundedCents: true },
    }),
  ).toEqual({ status: 'refunded', refundedCents: PRICE })
  const audits = await prisma.auditEvent.findMany({
    where: { subject: `user:${user.id}` },
    select: { actorId: true, action: true, data: true },
  })
  expect(audits).toEqual([
    {
      actorId: null,
      action: 'enrolment.refund.cancel',
      data: expect.objectContaining({ courseId: COURSE, paymentId: payment.id, refundedCents: PRICE }),
    },
  ])
  mails = withoutReceipts()
  expect(mails).toHaveLength(3)
  expect(mails[2]!.subject).toMatch(/^Reembolso de /)
  expect(mails[2]!.text).toContain('se canceló su inscripción')
  const page = await visit(courseLoader, { lang: 'es', course: COURSE }, `/es/courses/${COURSE}`, cookie)
  expect(page.data).toMatchObject({ access: 'locked', enrolled: false })

  // Redelivered, or a later event with the same total: nothing more (one audit entry, one mail).
  expect((await deliver(full)).body).toMatchObject({ result: 'duplicate' })
  expect((await deliver(refundEvent(intent, PRICE, true))).body).toMatchObject({ result: 'processed' })
  expect(await prisma.auditEvent.count({ where: { subject: `user:${user.id}` } })).toBe(1)
  expect(withoutReceipts()).toHaveLength(3)

  // Buying again re-opens the enrolment, now tied to the new payment.
  expect((await deliver(completed(user.id))).body).toMatchObject({ result: 'processed', enrolled: true })
  const second = await prisma.payment.findFirstOrThrow({
    where: { userId: user.id, id: { not: payment.id } },
    select: { id: true },
  })
  expect(await enrolment(user.id)).toEqual({ status: 'active', source: 'payment', paymentId: second.id })
})

test('a refund never cancels a waiver or an administrator enrolment made without that payment', async () => {
  const admin = await createUser({ role: 'admin' })
  // A waiver, then the learner pays too (flagged "already enrolled"), then that payment is refunded.
  const waived = await createUser({ preferredLocale: 'en' })
  expect(
    (
      await grantWaiver({
        actorId: admin.id,
        userId: waived.id,
        courseId: COURSE,
        reason: 'Scholarship',
        sponsor: 'Donor',
      })
    ).ok,
  ).toBe(true)
  const intent = intentId()
  expect((await deliver(completed(waived.id, { intent }))).body).toMatchObject({
    result: 'processed',
    enrolled: false,
    flagReason: 'already_enrolled',
  })
  expect((await deliver(refundEvent(intent, PRICE, true))).body).toMatchObject({ result: 'processed' })
  expect(await enrolment(waived.id)).toEqual({ status: 'active', source: 'waiver', paymentId: null })
  const [mail] = readOutbox(waived.email).filter((m) => !m.subject.startsWith('Your receipt'))
  expect(mail!.subject).toMatch(/^Refund for /)
  expect(mail!.text).toContain('in full')
  expect(mail!.text).not.toContain('cancelled')

  // Bought, refunded in full (cancelled), then an administrator grants a waiver: a late event about
  // the old payment leaves the waiver alone.
  const learner = await createUser()
  const first = intentId()
  await deliver(completed(learner.id, { intent: first }))
  await deliver(refundEvent(first, PRICE, true))
  expect(await enrolment(learner.id)).toMatchObject({ status: 'cancelled' })
  expect(
    (
      await grantWaiver({
        actorId: admin.id,
        userId: learner.id,
        courseId: COURSE,
        reason: 'Refunded by mistake',
        sponsor: 'Programme',
      })
    ).ok,
  ).toBe(true)
  expect(await enrolment(learner.id)).toEqual({ status: 'active', source: 'waiver', paymentId: null })
  expect((await deliver(refundEvent(first, PRICE, true))).body).toMatchObject({ result: 'processed' })
  expect(await enrolment(learner.id)).toMatchObject({ status: 'active', source: 'waiver' })
  expect(
    await prisma.auditEvent.count({
      where: { action: 'enrolment.refund.cancel', subject: { in: [`user:${waived.id}`, `user:${learner.id}`] } },
    }),
  ).toBe(1)
})

test('a refund that arrives before its purchase is kept: the purchase is recorded refunded and enrols nobody', async () => {
  const user = await createUser({ preferredLocale: 'en' })
  const intent = intentId()
  expect((await deliver(refundEvent(intent, PRICE, true))).body).toMatchObject({ result: 'deferred' })
  expect(await counts(user.id)).toMatchObject({ payments: 0, enrolments: 0 })
  expect((await deliver(completed(user.id, { intent }))).body).toMatchObject({ result: 'processed', enrolled: false })
  const payment = await prisma.payment.findFirstOrThrow({
    where: { userId: user.id },
    select: { status: true, refundedCents: true, refundedAt: true },
  })
  expect(payment).toMatchObject({ status: 'refunded', refundedCents: PRICE })
  expect(payment.refundedAt).not.toBeNull()
  expect(await counts(user.id)).toMatchObject({ payments: 1, enrolments: 0 })
  expect(await prisma.pendingRefund.count({ where: { paymentIntentId: intent } })).toBe(0)
  // No "you are enrolled" mail; a refund notice instead.
  expect(readOutbox(user.email).map((m) => m.subject)).toEqual([expect.stringMatching(/^Refund for /)])

  // A partial refund ahead of its purchase: enrolled, the amount counted.
  const partly = await createUser()
  const partIntent = intentId()
  expect((await deliver(refundEvent(partIntent, 900, false))).body).toMatchObject({ result: 'deferred' })
  expect((await deliver(completed(partly.id, { intent: partIntent }))).body).toMatchObject({
    result: 'processed',
    enrolled: true,
  })
  expect(
    await prisma.payment.findFirstOrThrow({
      where: { userId: partly.id },
      select: { status: true, refundedCents: true },
    }),
  ).toEqual({ status: 'paid', refundedCents: 900 })
})

test('a full refund and its purchase delivered at the same moment: refunded and not enrolled, in either order', async () => {
  const users = await Promise.all(Array.from({ length: 6 }, () => createUser()))
  await Promise.all(
    users.map(async (user, i) => {
      const intent = intentId()
      const purchase = completed(user.id, { intent })
      const refund = refundEvent(intent, PRICE, true)
      await Promise.all(i % 2 ? [deliver(purchase), deliver(refund)] : [deliver(refund), deliver(purchase)])
    }),
  )
  for (const user of users) {
    expect(await prisma.payment.findFirstOrThrow({ where: { userId: user.id }, select: { status: true } })).toEqual({
      status: 'refunded',
    })
    // The purchase first: enrolled, then cancelled by the refund. The refund first: never enrolled.
    const row = await enrolment(user.id)
    expect(row === null || row.status === 'cancelled', JSON.stringify(row)).toBe(true)
  }
  expect(
    await prisma.pendingRefund.count({
      where: {
        paymentIntentId: {
          in: await prisma.payment
            .findMany({ where: { userId: { in: users.map((u) => u.id) } }, select: { stripePaymentIntentId: true } })
            .then((rows) => rows.map((r) => r.stripePaymentIntentId!)),
        },
      },
    }),
  ).toBe(0)
})

test('the success page waits briefly, then says the confirmation has not arrived yet', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const started = Date.now()
  const page = await visit(successLoader, { lang: 'en' }, `/en/checkout/success?session_id=${sessionId()}`, cookie)
  expect(page.data).toMatchObject({ state: 'pending' })
  expect(Date.now() - started).toBeGreaterThanOrEqual(3000)
  const bad = await visit(successLoader, { lang: 'en' }, '/en/checkout/success?session_id=<script>', cookie)
  expect(bad.status).toBe(400)
})

test('an administrator grants a waiver: enrolled free, reason and sponsor recorded, audited, shown beside payments', async () => {
  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const learner = await createUser()
  const fields = {
    intent: 'waive-fee',
    email: learner.email.toUpperCase(),
    courseId: COURSE,
    reason: 'Staff of a national statistical office',
    sponsor: 'UNODC–INEGI Center of Excellence',
  }
  const granted = await submit(paymentsAction, { lang: 'en' }, '/en/admin/payments', fields, adminCookie)
  expect(granted.status).toBe(302)
  expect(
    await prisma.enrolment.findFirst({
      where: { userId: learner.id, courseId: COURSE },
      select: { source: true, waiverReason: true, waiverSponsor: true, grantedById: true },
    }),
  ).toEqual({
    source: 'waiver',
    waiverReason: fields.reason,
    waiverSponsor: fields.sponsor,
    grantedById: admin.id,
  })
  const audits = await prisma.auditEvent.findMany({
    where: { actorId: admin.id },
    select: { action: true, subject: true, data: true },
  })
  expect(audits).toEqual([
    {
      action: 'enrolment.waiver',
      subject: `user:${learner.id}`,
      data: { courseId: COURSE, reason: fields.reason, sponsor: fields.sponsor },
    },
  ])
  const page = await visit(paymentsLoader, { lang: 'en' }, '/en/admin/payments', adminCookie)
  expect((page.data as { waivers: Array<{ email: string; sponsor: string }> }).waivers).toContainEqual(
    expect.objectContaining({ email: learner.email, sponsor: fields.sponsor }),
  )

  // Bad input: 4xx and nothing changed.
  const stranger = await createUser()
  const enrolmentsBefore = await prisma.enrolment.count()
  const cases: Array<[string, Record<string, string>, number]> = [
    ['already enrolled', fields, 409],
    ['no reason', { ...fields, email: stranger.email, reason: '   ' }, 400],
    ['no sponsor', { ...fields, email: stranger.email, sponsor: '' }, 400],
    ['markup in the reason', { ...fields, email: stranger.email, reason: '<b>x</b>' }, 400],
    ['reason too long', { ...fields, email: stranger.email, reason: 'x'.repeat(301) }, 400],
    ['unknown e-mail', { ...fields, email: 'nobody-here@example.org' }, 400],
    ['a free course', { ...fields, email: stranger.email, courseId: 'iccs' }, 400],
    ['unknown course', { ...fields, email: stranger.email, courseId: 'no-such-course' }, 400],
    ['unknown intent', { ...fields, intent: 'refund' }, 400],
  ]
  for (const [label, form, status] of cases) {
    const result = await submit(paymentsAction, { lang: 'en' }, '/en/admin/payments', form, adminCookie)
    expect(result.status, label).toBe(status)
  }
  expect(await prisma.enrolment.count()).toBe(enrolmentsBefore)
  expect(await prisma.auditEvent.count({ where: { actorId: admin.id } })).toBe(1)

  // Only administrators.
  const learnerCookie = await loginCookie(stranger.id)
  const forbidden = await submit(
    paymentsAction,
    { lang: 'en' },
    '/en/admin/payments',
    { ...fields, email: stranger.email },
    learnerCookie,
  )
  expect(forbidden.status).toBe(403)
  expect((await visit(paymentsLoader, { lang: 'en' }, '/en/admin/payments', learnerCookie)).status).toBe(403)
  expect(await prisma.enrolment.count({ where: { userId: stranger.id } })).toBe(0)
})
