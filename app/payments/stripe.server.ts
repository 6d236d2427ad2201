// Stripe: the client, the webhook secret, and Checkout sessions for paid courses. In offline
// mode (docs/decisions/008-payments-offline-stripe.md) the same SDK calls are answered by the MSW
// handlers in tests/mocks/stripe.ts, and the "hosted" checkout page is the local stand-in
// /{lang}/dev/checkout/{session}, whose address carries the session signed with the offline
// webhook secret, so any app process can show it (nothing is kept in memory).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { createRequire } from 'node:module'
import type Stripe from 'stripe'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { appUrl, env, paymentsMode } from '#app/utils/env.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

/** The key the SDK sends in offline mode; the MSW handlers accept only this one. */
export const OFFLINE_SECRET_KEY = 'sk_test_aula_offline'

let sdk: typeof Stripe | undefined

/**
 * The Stripe SDK, loaded on first use: it adds about 22 MB to a process, and most processes serve
 * lessons, never a payment (ADR 027). Loaded with require so callers stay synchronous.
 */
export function stripeSdk(): typeof Stripe {
  sdk ??= createRequire(import.meta.url)('stripe') as typeof Stripe
  return sdk
}

let client: { key: string; stripe: Stripe } | undefined

export function stripe(): Stripe {
  const mode = paymentsMode()
  if (mode === 'none') throw new Error('Stripe is not configured (no keys and offline mode off)')
  const key = mode === 'offline' ? OFFLINE_SECRET_KEY : env().STRIPE_SECRET_KEY!
  if (client?.key !== key) {
    const Sdk = stripeSdk()
    client = { key, stripe: new Sdk(key, { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: 'Aula' } }) }
  }
  return client.stripe
}

/**
 * The secret webhooks are signed with: the endpoint's from the Stripe dashboard, or in offline
 * mode one derived from SESSION_SECRET (never a fixed, published value: a deployment that turned
 * offline mode on by mistake still cannot be sent forged purchases).
 */
export function webhookSecret(): string | null {
  const mode = paymentsMode()
  if (mode === 'stripe') return env().STRIPE_WEBHOOK_SECRET!
  if (mode === 'offline') {
    const secret = env().SESSION_SECRET.split(',')[0]!
    return `whsec_${createHmac('sha256', secret).update('aula-stripe-offline-webhook').digest('base64url')}`
  }
  return null
}

export type CheckoutInput = {
  user: { id: string; email: string }
  course: Pick<ManifestCourse, 'id' | 'priceCents' | 'currency' | 'title'>
  lang: Lang
}

/** A Checkout session for one learner and one course; returns the page to send them to. */
export async function createCheckoutSession({
  user,
  course,
  lang,
}: CheckoutInput): Promise<{ id: string; url: string }> {
  const session = await stripe().checkout.sessions.create({
    mode: 'payment',
    locale: lang,
    customer_email: user.email,
    client_reference_id: user.id,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: course.currency.toLowerCase(),
          unit_amount: course.priceCents,
          product_data: { name: course.title[lang] },
        },
      },
    ],
    metadata: { userId: user.id, courseId: course.id, lang },
    payment_intent_data: { metadata: { userId: user.id, courseId: course.id } },
    success_url: appUrl(`/${lang}/checkout/success?session_id={CHECKOUT_SESSION_ID}`).replace(
      '%7BCHECKOUT_SESSION_ID%7D',
      '{CHECKOUT_SESSION_ID}',
    ),
    cancel_url: appUrl(`/${lang}/checkout/cancel?course=${encodeURIComponent(course.id)}`),
  })
  if (!session.url) throw new Error('Stripe returned a Checkout session without a URL')
  return { id: session.id, url: session.url }
}

// ---------------------------------------------------------------------------------------------
// Offline mode: the session travels, signed, in the stand-in checkout page's address.

export type OfflineSession = {
  id: string
  amount_total: number
  currency: string
  customer_email: string | null
  client_reference_id: string | null
  locale: string
  metadata: Record<string, string>
  product: string
  success_url: string
  cancel_url: string
  created: number
}

function sign(payload: string): string {
  return createHmac('sha256', webhookSecret() ?? 'offline-off')
    .update(payload)
    .digest('base64url')
}

export function encodeOfflineSession(session: OfflineSession): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url')
  return `${payload}.${sign(payload)}`
}

/** The session from a stand-in page's `s` parameter, or null if it was not signed here. */
export function decodeOfflineSession(token: string | null): OfflineSession | null {
  if (!token || token.length > 8000) return null
  const [payload, signature] = token.split('.')
  if (!payload || !signature) return null
  const expected = Buffer.from(sign(payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OfflineSession
  } catch {
    return null
  }
}

/** A webhook request as Stripe sends it: the raw JSON and its `Stripe-Signature` header. */
export function signedWebhook(event: unknown, secret = webhookSecret()!, timestamp = Math.floor(Date.now() / 1000)) {
  const payload = JSON.stringify(event)
  const header = stripeSdk().webhooks.generateTestHeaderString({ payload, secret, timestamp })
  return { payload, header }
}

/** Where the stand-in delivers its webhooks: this very server, as Stripe would reach it. */
export function offlineWebhookUrl(): string {
  return `http://127.0.0.1:${env().PORT}/webhooks/stripe`
}

/** The event Stripe sends when a Checkout session is paid (one event id per session, as Stripe does). */
export function completedEvent(session: OfflineSession) {
  const digest = createHash('sha256').update(session.id).digest('hex')
  return {
    id: `evt_${digest.slice(0, 24)}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    type: 'checkout.session.completed',
    data: {
      object: {
        object: 'checkout.session',
        id: session.id,
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: session.amount_total,
        currency: session.currency,
        customer_email: session.customer_email,
        client_reference_id: session.client_reference_id,
        locale: session.locale,
        metadata: session.metadata,
        payment_intent: `pi_${digest.slice(24, 48)}`,
        success_url: session.success_url,
        cancel_url: session.cancel_url,
      },
    },
  }
}
