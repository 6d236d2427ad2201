// The Stripe webhook's edge cases (issue 14, defect 8), over real HTTP, with events signed as Stripe
// signs them (signedWebhook, the offline stand-in's signer): a correctly signed event that Stripe
// would never send is a 400 (not a 503, which reads as "try again later"), an amount that is not a
// whole number of cents is never stored as some other amount, and a signature dated ahead of the
// server's clock by more than a small skew is refused like one dated too far back.
import { expect, test, vi } from 'vitest'
import { signedWebhook, webhookSecret } from '#app/payments/stripe.server.ts'
import { WEBHOOK_FUTURE_SKEW_S } from '#app/routes/webhooks.stripe.ts'
import { prisma } from '#app/utils/db.server.ts'
import { serveAppForFile } from '#tests/http.ts'
import { checkoutCompleted } from '#tests/mocks/stripe.ts'
import { createUser, databaseFingerprint } from '#tests/utils.ts'

vi.hoisted(() => {
  process.env.STRIPE_OFFLINE = 'true'
})

const COURSE = 'homicide-sdg16'
const PRICE = 4900
const app = serveAppForFile({ catalogue: true })

const now = () => Math.floor(Date.now() / 1000)

function completed(
  userId: string,
  overrides: { id?: string; created?: unknown; session?: Record<string, unknown> } = {},
) {
  const { session: object, ...event } = overrides
  return checkoutCompleted({ userId, courseId: COURSE, amount: PRICE, lang: 'es', ...event, object })
}

async function deliver(event: unknown, timestamp = now()) {
  const { payload, header } = signedWebhook(event, webhookSecret()!, timestamp)
  const response = await fetch(`${app.origin}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
    body: payload,
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

test('a correctly signed event with NUL in an id, or an absurd `created`, is a 400 and changes nothing', async () => {
  const user = await createUser()
  const before = await databaseFingerprint()
  const cases: Array<[string, unknown]> = [
    ['NUL in the event id', completed(user.id, { id: 'evt_1\u0000x' })],
    ['NUL in the session id', completed(user.id, { session: { id: 'cs_test_1\u0000' } })],
    ['NUL in the payment intent', completed(user.id, { session: { payment_intent: 'pi_1\u0000' } })],
    ['NUL in the currency', completed(user.id, { session: { currency: 'us\u0000' } })],
    [
      'NUL in a metadata key',
      completed(user.id, { session: { metadata: { userId: user.id, courseId: COURSE, 'a\u0000': 'b' } } }),
    ],
    ['an event id that is not Stripe’s', completed(user.id, { id: `evt_${'x'.repeat(300)}` })],
    ['created in the year 33658', completed(user.id, { created: 999_999_999_999 })],
    ['created as a float beyond any date', completed(user.id, { created: 1e300 })],
    ['created negative', completed(user.id, { created: -1 })],
    ['created in 1970', completed(user.id, { created: 0 })],
    ['created as a string', completed(user.id, { created: '1700000000' })],
    ['created a day from now', completed(user.id, { created: now() + 86_400 })],
  ]
  for (const [label, event] of cases) {
    const { status } = await deliver(event)
    expect(status, label).toBe(400)
  }
  expect(await databaseFingerprint()).toEqual(before)
})

test('an amount that is not a whole number of cents is refused, never stored as another amount', async () => {
  const user = await createUser()
  const before = await databaseFingerprint()
  for (const amount of [4900.5, 49.0001, -4900, '4900', null, 1e300, Number.MAX_SAFE_INTEGER + 2]) {
    const { status, body } = await deliver(completed(user.id, { session: { amount_total: amount } }))
    expect(status, `amount_total ${String(amount)}`).toBe(400)
    expect(body.reason, `amount_total ${String(amount)}`).toBe('amount_total is not a whole amount')
  }
  expect(await prisma.payment.count({ where: { userId: user.id } })).toBe(0)
  expect(await databaseFingerprint()).toEqual(before)
  // A whole amount is recorded as sent, and enrols.
  const { status, body } = await deliver(completed(user.id))
  expect({ status, body }).toMatchObject({ status: 200, body: { result: 'processed', enrolled: true } })
  expect(await prisma.payment.findMany({ where: { userId: user.id }, select: { amountCents: true } })).toEqual([
    { amountCents: PRICE },
  ])
})

test('a signature dated beyond a small clock skew, in the future as in the past, is refused', async () => {
  const user = await createUser()
  const before = await databaseFingerprint()
  for (const offset of [3600, 10 * 60, WEBHOOK_FUTURE_SKEW_S + 5, -3600, -(5 * 60 + 5)]) {
    const { status } = await deliver(completed(user.id), now() + offset)
    expect(status, `signed ${offset} s from now`).toBe(400)
  }
  expect(await databaseFingerprint()).toEqual(before)
  // Within the skew either way: accepted.
  expect((await deliver(completed(user.id), now() + WEBHOOK_FUTURE_SKEW_S - 15)).status).toBe(200)
  const other = await createUser()
  expect((await deliver(completed(other.id), now() - 60)).status).toBe(200)
})
