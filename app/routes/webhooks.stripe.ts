// Stripe's webhook endpoint (a machine endpoint: no language, no session, exempt from the
// Origin check in server/index.ts but not from its body-size limit). The signature is verified
// on the raw body; then the event is applied once (app/payments/payment.server.ts).
//   400  missing or bad signature, a timestamp older than the tolerance, a body that is not JSON
//        or not an event: nothing is changed (Stripe shows the failure in its dashboard)
//   200  processed, already processed (a redelivery), or an event type Aula does not use
//   503  an unexpected failure (the database is down): Stripe retries later
import { type ActionFunctionArgs } from '@remix-run/node'
import Stripe from 'stripe'
import { z } from 'zod'
import { processStripeEvent } from '#app/payments/payment.server.ts'
import { webhookSecret } from '#app/payments/stripe.server.ts'
import { logger } from '#app/utils/logger.server.ts'

/** Seconds a signature stays valid (Stripe's default): older deliveries are replays. */
export const WEBHOOK_TOLERANCE_S = 300
const MAX_WEBHOOK_BYTES = 512 * 1024

const EventShape = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  data: z.object({ object: z.object({}).passthrough() }),
})

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
    event = Stripe.webhooks.constructEvent(raw, signature, secret, WEBHOOK_TOLERANCE_S)
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'invalid payload'
    logger.warn({ message }, 'stripe webhook refused')
    return reply(400, { error: error instanceof SyntaxError ? 'body is not JSON' : 'signature verification failed' })
  }
  const shape = EventShape.safeParse(event)
  if (!shape.success) return reply(400, { error: 'not a Stripe event' })
  try {
    const outcome = await processStripeEvent(event as Stripe.Event)
    logger.info({ eventId: shape.data.id, type: shape.data.type, ...outcome }, 'stripe webhook')
    return reply(200, { received: true, ...outcome })
  } catch (error) {
    logger.error({ err: error, eventId: shape.data.id, type: shape.data.type }, 'stripe webhook failed')
    return reply(503, { error: 'temporarily unable to process the event' })
  }
}
