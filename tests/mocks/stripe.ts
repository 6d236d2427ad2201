// MSW 2 handlers for the Stripe API calls Aula makes, used in offline mode (development, the
// end-to-end server) and by the integration tests. Like the real API they check the secret key
// and the required parameters; a test can override one with `server.use(...)`.
import { randomBytes } from 'node:crypto'
import { http, HttpResponse } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { encodeOfflineSession, OFFLINE_SECRET_KEY, type OfflineSession } from '#app/payments/stripe.server.ts'
import { appUrl } from '#app/utils/env.server.ts'

const API = 'https://api.stripe.com'

function stripeError(status: number, type: string, message: string, param?: string) {
  return HttpResponse.json({ error: { type, message, ...(param ? { param } : {}) } }, { status })
}

function authorised(request: Request): boolean {
  return request.headers.get('authorization') === `Bearer ${OFFLINE_SECRET_KEY}`
}

export const stripeHandlers = [
  http.post(`${API}/v1/checkout/sessions`, async ({ request }) => {
    if (!authorised(request)) return stripeError(401, 'invalid_request_error', 'Invalid API Key provided.')
    const form = new URLSearchParams(await request.text())
    for (const param of [
      'mode',
      'success_url',
      'cancel_url',
      'line_items[0][price_data][currency]',
      'line_items[0][price_data][unit_amount]',
    ]) {
      if (!form.get(param)) return stripeError(400, 'invalid_request_error', `Missing required param: ${param}.`, param)
    }
    if (form.get('mode') !== 'payment')
      return stripeError(400, 'invalid_request_error', 'Only mode=payment is served offline.', 'mode')
    const unitAmount = Number(form.get('line_items[0][price_data][unit_amount]'))
    const quantity = Number(form.get('line_items[0][quantity]') ?? 1)
    if (!Number.isInteger(unitAmount) || unitAmount < 0)
      return stripeError(400, 'invalid_request_error', 'Invalid integer.', 'line_items[0][price_data][unit_amount]')
    const metadata: Record<string, string> = {}
    for (const [key, value] of form) {
      const match = /^metadata\[(.+)\]$/.exec(key)
      if (match) metadata[match[1]!] = value
    }
    const id = `cs_test_${randomBytes(18).toString('hex')}`
    const locale = form.get('locale') ?? 'en'
    const session: OfflineSession = {
      id,
      amount_total: unitAmount * quantity,
      currency: form.get('line_items[0][price_data][currency]')!,
      customer_email: form.get('customer_email'),
      client_reference_id: form.get('client_reference_id'),
      locale,
      metadata,
      product: form.get('line_items[0][price_data][product_data][name]') ?? '',
      success_url: form.get('success_url')!,
      cancel_url: form.get('cancel_url')!,
      created: Math.floor(Date.now() / 1000),
    }
    const lang = locale === 'es' ? 'es' : 'en'
    const url = appUrl(`/${lang}/dev/checkout/${id}?${new URLSearchParams({ s: encodeOfflineSession(session) })}`)
    return HttpResponse.json({
      object: 'checkout.session',
      ...session,
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      url,
      livemode: false,
    })
  }),
]

/** What a paid checkout's event carries; ids are random unless given. */
export type CheckoutCompleted = {
  userId: string
  courseId: string
  /** amount_total in cents. */
  amount: number
  currency?: string
  /** metadata.lang (Aula's own checkouts set it; absent unless given). */
  lang?: string
  id?: string
  type?: string
  created?: unknown
  session?: string
  intent?: string
  /** Fields put over the session object's own (a malformed event). */
  object?: Record<string, unknown>
}

/** The checkout.session.completed event Stripe sends when a learner has paid for a course. */
export function checkoutCompleted(event: CheckoutCompleted) {
  const random = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`
  return {
    id: event.id ?? random('evt'),
    object: 'event',
    type: event.type ?? 'checkout.session.completed',
    created: event.created ?? Math.floor(Date.now() / 1000),
    data: {
      object: {
        object: 'checkout.session',
        id: event.session ?? random('cs_test'),
        mode: 'payment',
        payment_status: 'paid',
        amount_total: event.amount,
        currency: event.currency ?? 'usd',
        metadata: {
          userId: event.userId,
          courseId: event.courseId,
          ...(event.lang === undefined ? {} : { lang: event.lang }),
        } as Record<string, string>,
        payment_intent: event.intent ?? random('pi'),
        ...event.object,
      },
    },
  }
}

let server: SetupServer | undefined

/** Starts intercepting (idempotent). Requests to anything but the handlers pass through. */
export function startStripeMocks(): SetupServer {
  if (!server) {
    const started = setupServer(...stripeHandlers)
    started.listen({ onUnhandledRequest: 'bypass' })
    server = started
  }
  return server
}

export function stopStripeMocks() {
  server?.close()
  server = undefined
}
