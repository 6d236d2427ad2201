// Payments (DESIGN.md, "Payments"): this file dispatches a verified Stripe event; checkout.server.ts,
// refunds.server.ts, waivers.server.ts, requests.server.ts and overview.server.ts do the rest.
// - An enrolment and its Payment are created only by a signature-verified Stripe webhook, in one
//   transaction, idempotently: the StripeEvent row (event id), Payment.stripeSessionId and
//   Enrolment(userId, courseId) are unique, so however many times and however concurrently an
//   event (or a second event for the same purchase) arrives, one payment and one enrolment result.
// - A payment whose amount or currency differs from the course's price is recorded, flagged for
//   administrators and does not enrol.
// - Refunds (ADR 008): a full refund of the payment that enrolled the learner cancels that
//   enrolment (progress, attempts and certificates are kept), audited with no actor; a partial
//   refund, or a refund of a payment that enrolled nobody (a waiver or an administrator enrolled
//   the learner), cancels nothing. A refund that arrives before its purchase is kept
//   (PendingRefund) and applied when the purchase is recorded. Every event for one payment
//   intent takes the same advisory lock, so the two orders cannot miss each other.
// - Every purchase recorded as paid gets its receipt in the same transaction (receipt.server.ts, ADR 023).
// - The learner's mails (purchase, receipt, refund) are queued in the same transaction and sent by the job runner (ADR 012).
// - Waivers and request decisions are administrator mutations: audited in the same transaction.
import type Stripe from 'stripe'
import { fulfilCheckout } from './checkout.server.ts'
import { type EventOutcome } from './events.server.ts'
import { recordRefund } from './refunds.server.ts'

/** Applies one verified Stripe event. Throws only on unexpected failures (Stripe then retries). */
export async function processStripeEvent(event: Stripe.Event): Promise<EventOutcome> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return fulfilCheckout(event.id, event.type, event.created, event.data.object)
    case 'charge.refunded':
      return recordRefund(event.id, event.type, event.data.object)
    default:
      return { result: 'ignored', reason: 'event type not handled' }
  }
}
