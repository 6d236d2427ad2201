// Stripe's webhook endpoint (a machine endpoint: no language, no session, exempt from the
// Origin check in server/index.ts but not from its body-size limit). The signature is verified
// on the raw body; then the event is applied once (app/payments/webhook.server.ts).
//   400  missing or bad signature, a signature timestamped more than the tolerance in the past or
//        more than a small clock skew in the future, a body that is not JSON or not an event, an
//        event correctly signed but malformed (NUL in a string, an id or `created` that Stripe would
//        never send, an amount that is not a whole number of cents): nothing is changed (Stripe
//        shows the failure in its dashboard; ADR 022)
//   200  processed, already processed (a redelivery), or an event type Aula does not use
//   503  an unexpected failure (the database is down): Stripe retries later
import { type ActionFunctionArgs } from '@remix-run/node'
import type Stripe from 'stripe'
import { z } from 'zod'
import { stripeSdk, webhookSecret } from '#app/payments/stripe.server.ts'
import { processStripeEvent } from '#app/payments/webhook.server.ts'
import { logger } from '#app/utils/logger.server.ts'

/** Seconds a signature stays valid (Stripe's default): older deliveries are replays. */
export const WEBHOOK_TOLERANCE_S = 300
/** Seconds a signature may be dated ahead of this server's clock (clocks differ a little, never an hour). */
export const WEBHOOK_FUTURE_SKEW_S = 60
const MAX_WEBHOOK_BYTES = 512 * 1024
/** No Stripe event is older than Stripe (2011). */
const EARLIEST_EVENT_S = Date.UTC(2010, 0, 1) / 1000

const EventShape = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/),
  type: z.string().regex(/^[a-z0-9_.]{1,100}$/),
  // Made by Stripe before it was signed: not before 2010, not after the signature (and the skew).
  created: z
    .number()
    .int()
    .refine((created) => created >= EARLIEST_EVENT_S && created <= Date.now() / 1000 + WEBHOOK_FUTURE_SKEW_S),
  data: z.object({ object: z.object({}).passthrough() }),
})

/** The `t=` of a Stripe-Signature header (seconds), or null. */
function signedAt(header: string): number | null {
  const match = /(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/.exec(header)
  return match ? Number(match[1]) : null
}

/** PostgreSQL refuses NUL in text: no string anywhere in an event may hold one. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 32 || value === null || typeof value !== 'object') return depth > 32
  return Object.entries(value).some(([key, child]) => key.includes('\u0000') || holdsNul(child, depth + 1))
}

function reply(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export async function loader() {
  return reply(405, { error: 'POST only' })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return reply(405, { error: 'POST only' })
  const secret = webhookSecret()
  if (!secret) return reply(404, { error: 'payments are not configured' })
  const signature = request.headers.get('stripe-signature')
  if (!signature) return reply(400, { error: 'missing Stripe-Signature header' })
  const raw = Buffer.from(await request.arrayBuffer())
  if (raw.length > MAX_WEBHOOK_BYTES) return reply(413, { error: 'payload too large' })
  let event: unknown
  try {
    event = stripeSdk().webhooks.constructEvent(raw, signature, secret, WEBHOOK_TOLERANCE_S)
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'invalid payload'
    logger.warn({ message }, 'stripe webhook refused')
    return reply(400, { error: error instanceof SyntaxError ? 'body is not JSON' : 'signature verification failed' })
  }
  // Stripe checks only that a signature is not too old; one dated ahead is as suspect.
  const timestamp = signedAt(signature)
  if (timestamp === null || timestamp > Date.now() / 1000 + WEBHOOK_FUTURE_SKEW_S) {
    logger.warn({ timestamp }, 'stripe webhook refused: signature dated in the future')
    return reply(400, { error: 'signature timestamp is in the future' })
  }
  const shape = EventShape.safeParse(event)
  if (!shape.success || holdsNul(event)) {
    logger.warn({ issues: shape.error?.issues.map((issue) => issue.path.join('.')) }, 'stripe webhook: malformed event')
    return reply(400, { error: 'not a Stripe event' })
  }
  try {
    const outcome = await processStripeEvent(event as Stripe.Event)
    if (outcome.result === 'malformed') {
      logger.warn({ eventId: shape.data.id, type: shape.data.type, ...outcome }, 'stripe webhook: malformed event')
      return reply(400, { error: 'not a Stripe event', reason: outcome.reason })
    }
    logger.info({ eventId: shape.data.id, type: shape.data.type, ...outcome }, 'stripe webhook')
    return reply(200, { received: true, ...outcome })
  } catch (error) {
    logger.error({ err: error, eventId: shape.data.id, type: shape.data.type }, 'stripe webhook failed')
    return reply(503, { error: 'temporarily unable to process the event' })
  }
}
