// A paid Checkout session (checkout.session.completed / async_payment_succeeded): the Payment, its
// receipt, the enrolment and the learner's mail in one transaction, once however often and however
// concurrently the event arrives. A payment whose amount or currency differs from the course's
// price is recorded, flagged for administrators and does not enrol; a refund that arrived first
// (PendingRefund, refunds.server.ts) applies now.
import type Stripe from 'stripe'
import { z } from 'zod'
import { enrol } from '#app/enrolment/enrol.server.ts'
import { queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'
import { isUniqueViolation } from '#app/utils/sql.server.ts'
import { IdSchema, LocaleSchema, SlugSchema } from '#app/utils/validation.ts'
import {
  type EventOutcome,
  type FlagReason,
  isAmount,
  type Learner,
  lockPaymentIntent,
  recordEvent,
  STRIPE_ID,
} from './events.server.ts'
import { purchaseEmail, refundEmail } from './mail.server.ts'
import { createReceipt } from './receipt.server.ts'

const CheckoutMetadata = z.object({ userId: IdSchema, courseId: SlugSchema, lang: LocaleSchema.optional() })

export async function fulfilCheckout(
  eventId: string,
  type: string,
  created: number,
  session: Stripe.Checkout.Session,
): Promise<EventOutcome> {
  if (typeof session.id !== 'string' || !/^cs_[A-Za-z0-9_]{1,250}$/.test(session.id))
    return { result: 'ignored', reason: 'not a Checkout session' }
  if (session.mode !== 'payment') return { result: 'ignored', reason: 'not a one-off payment' }
  // Delayed methods complete unpaid and succeed later (async_payment_succeeded).
  if (session.payment_status !== 'paid') return { result: 'ignored', reason: 'not paid yet' }
  const metadata = CheckoutMetadata.safeParse(session.metadata ?? {})
  if (!metadata.success) return { result: 'ignored', reason: 'not an Aula checkout' }
  const { userId, courseId } = metadata.data
  // What was paid is recorded as Stripe said it or not at all: an amount that is not a whole number
  // of cents, a currency that is not an ISO code, an intent id that is not Stripe's, is refused.
  if (!isAmount(session.amount_total)) return { result: 'malformed', reason: 'amount_total is not a whole amount' }
  if (typeof session.currency !== 'string' || !/^[a-z]{3}$/i.test(session.currency))
    return { result: 'malformed', reason: 'currency is not an ISO 4217 code' }
  if (
    session.payment_intent != null &&
    !(typeof session.payment_intent === 'string' && STRIPE_ID.test(session.payment_intent))
  )
    return { result: 'malformed', reason: 'payment_intent is not a Stripe id' }
  const amount = session.amount_total
  const currency = session.currency.toUpperCase()
  const paymentIntent = (session.payment_intent as string | null) ?? null
  let outcome: EventOutcome
  try {
    outcome = await prisma.$transaction(async (tx) => {
      // First, the event: INSERT … ON CONFLICT DO NOTHING waits for a concurrent delivery of the
      // same event to commit, then inserts nothing: this one is a duplicate.
      if (!(await recordEvent(tx, eventId, type))) return { result: 'duplicate' as const }
      // A refund of this purchase being recorded at this moment finishes first (or waits for us).
      if (paymentIntent) await lockPaymentIntent(tx, paymentIntent)
      const [found, course] = await Promise.all([
        tx.user.findUnique({
          where: { id: userId },
          select: { email: true, displayName: true, preferredLocale: true, country: true },
        }),
        tx.course.findUnique({ where: { id: courseId }, select: { priceCents: true, currency: true } }),
      ])
      if (!found || !course) return { result: 'ignored' as const, reason: 'unknown learner or course' }
      const user: Learner = { ...found, preferredLocale: found.preferredLocale as Lang }
      let flagReason: FlagReason | null = null
      if (currency !== course.currency.toUpperCase()) flagReason = 'currency_mismatch'
      else if (amount !== course.priceCents) flagReason = 'amount_mismatch'
      // A refund that arrived before this purchase (charge.refunded first): it applies now.
      const early = paymentIntent
        ? await tx.pendingRefund.findUnique({
            where: { paymentIntentId: paymentIntent },
            select: { refundedCents: true, refunded: true },
          })
        : null
      const fullyRefunded = early ? early.refunded || early.refundedCents >= amount : false
      const refundedCents = early ? (fullyRefunded ? amount : early.refundedCents) : 0
      // Another event for the same purchase (same session) was processed already: nothing more.
      const payment = await tx.payment.createMany({
        data: [
          {
            userId,
            courseId,
            amountCents: amount,
            currency,
            status: fullyRefunded ? 'refunded' : 'paid',
            stripeSessionId: session.id,
            stripePaymentIntentId: paymentIntent,
            paidAt: new Date(created * 1000),
            refundedCents,
            refundedAt: fullyRefunded ? new Date() : null,
            flagged: flagReason !== null,
            flagReason,
          },
        ],
        skipDuplicates: true,
      })
      if (payment.count === 0) return { result: 'duplicate' as const }
      const { id: paymentId } = await tx.payment.findUniqueOrThrow({
        where: { stripeSessionId: session.id },
        select: { id: true },
      })
      if (early)
        await tx.pendingRefund.delete({ where: { paymentIntentId: paymentIntent! }, select: { paymentIntentId: true } })
      // Every purchase recorded as paid gets its receipt (and the mail that links to it) now.
      if (!fullyRefunded)
        await createReceipt(tx, {
          paymentId,
          userId,
          courseId,
          amountCents: amount,
          currency,
          paidAt: new Date(created * 1000),
          reference: paymentIntent ?? session.id,
        })
      let enrolled = false
      // A purchase refunded in full before it was recorded enrols nobody.
      if (!flagReason && !fullyRefunded) {
        // A learner enrolled meanwhile (waiver, another purchase) keeps one enrolment, and this
        // payment is flagged so an administrator can refund it. A cancelled enrolment is re-opened.
        enrolled = (await enrol({ userId, courseId, source: 'payment', paymentId }, tx)).outcome !== 'already-enrolled'
        if (!enrolled) {
          flagReason = 'already_enrolled'
          await tx.payment.update({
            where: { id: paymentId },
            data: { flagged: true, flagReason },
            select: { id: true },
          })
        }
      }
      if (enrolled)
        await queueEmail(tx, {
          ...purchaseEmail(user, courseId, amount, currency),
          dedupeKey: `purchase:${session.id}`,
        })
      if (early && refundedCents > 0) {
        await queueEmail(tx, {
          ...refundEmail(user, courseId, {
            amount,
            refunded: refundedCents,
            currency,
            kind: fullyRefunded ? 'full' : 'partial',
          }),
          dedupeKey: `refund:${paymentId}:${refundedCents}`,
        })
      }
      return { result: 'processed' as const, enrolled, flagReason }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { result: 'duplicate' }
    throw error
  }
  if (outcome.result === 'processed' && outcome.flagReason) {
    logger.warn(
      { eventId, sessionId: session.id, flagReason: outcome.flagReason },
      'payment flagged for administrators',
    )
  }
  return outcome
}

/** The learner's payment for a Checkout session (the success page waits for it). */
export function findPaymentForSession(userId: string, sessionId: string) {
  return prisma.payment.findFirst({
    where: { userId, stripeSessionId: sessionId },
    select: {
      id: true,
      courseId: true,
      status: true,
      flagged: true,
      flagReason: true,
      amountCents: true,
      currency: true,
    },
  })
}
