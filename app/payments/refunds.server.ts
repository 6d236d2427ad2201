// Refunds (charge.refunded, ADR 008): a full refund of the payment that enrolled the learner cancels
// that enrolment (progress, attempts and certificates are kept), audited with no actor; a partial
// refund, or a refund of a payment that enrolled nobody (a waiver or an administrator enrolled the
// learner), cancels nothing. A refund that arrives before its purchase is kept (PendingRefund) and
// applied when the purchase is recorded (checkout.server.ts); the payment intent's lock makes the
// two orders meet.
import type Stripe from 'stripe'
import { audit } from '#app/audit/audit.server.ts'
import { queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { isUniqueViolation } from '#app/utils/sql.server.ts'
import {
  type EventOutcome,
  isAmount,
  type Learner,
  lockPaymentIntent,
  recordEvent,
  STRIPE_ID,
} from './events.server.ts'
import { refundEmail } from './mail.server.ts'

export async function recordRefund(eventId: string, type: string, charge: Stripe.Charge): Promise<EventOutcome> {
  const paymentIntent =
    typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null)
  if (!paymentIntent) return { result: 'ignored', reason: 'charge without a payment intent' }
  if (typeof paymentIntent !== 'string' || !STRIPE_ID.test(paymentIntent))
    return { result: 'malformed', reason: 'payment_intent is not a Stripe id' }
  // amount_refunded is cumulative; events can arrive out of order.
  if (charge.amount_refunded != null && !isAmount(charge.amount_refunded))
    return { result: 'malformed', reason: 'amount_refunded is not a whole amount' }
  const reported = charge.amount_refunded ?? 0
  try {
    return await prisma.$transaction(async (tx): Promise<EventOutcome> => {
      await lockPaymentIntent(tx, paymentIntent)
      if (!(await recordEvent(tx, eventId, type))) return { result: 'duplicate' }
      const payment = await tx.payment.findUnique({
        where: { stripePaymentIntentId: paymentIntent },
        select: {
          id: true,
          userId: true,
          courseId: true,
          amountCents: true,
          refundedCents: true,
          status: true,
          currency: true,
          user: { select: { email: true, displayName: true, preferredLocale: true, country: true, deletedAt: true } },
        },
      })
      if (!payment) {
        // Stripe does not promise an order: the purchase may still be on its way. Keep the refund
        // for it (the lock above makes the purchase wait for this commit, or this wait for it).
        const kept = await tx.pendingRefund.findUnique({
          where: { paymentIntentId: paymentIntent },
          select: { refundedCents: true, refunded: true },
        })
        const data = {
          refundedCents: Math.max(kept?.refundedCents ?? 0, reported),
          refunded: (kept?.refunded ?? false) || charge.refunded === true,
        }
        await tx.pendingRefund.upsert({
          where: { paymentIntentId: paymentIntent },
          create: { paymentIntentId: paymentIntent, ...data },
          update: data,
          select: { paymentIntentId: true },
        })
        return { result: 'deferred', reason: 'no payment for this charge yet: the refund is kept for it' }
      }
      const wasFull = payment.status === 'refunded'
      const full =
        wasFull || charge.refunded === true || Math.max(payment.refundedCents, reported) >= payment.amountCents
      const refundedCents = full ? payment.amountCents : Math.max(payment.refundedCents, reported)
      if (refundedCents === payment.refundedCents && full === wasFull)
        return { result: 'processed', enrolled: false, flagReason: null }
      await tx.payment.update({
        where: { id: payment.id },
        data: { refundedCents, ...(full && !wasFull ? { status: 'refunded', refundedAt: new Date() } : {}) },
        select: { id: true },
      })
      let cancelled = false
      if (full && !wasFull) {
        // Only the enrolment this very payment made; a waiver, an administrator's or a cohort
        // enrolment (or one a later purchase re-opened) has another source or payment.
        const changed = await tx.enrolment.updateMany({
          where: { paymentId: payment.id, source: 'payment', status: { not: 'cancelled' } },
          data: { status: 'cancelled' },
        })
        cancelled = changed.count === 1
        if (cancelled) {
          await audit(tx, {
            actorId: null,
            action: 'enrolment.refund.cancel',
            subject: `user:${payment.userId}`,
            data: { courseId: payment.courseId, paymentId: payment.id, refundedCents, eventId },
          })
        }
      }
      if (!payment.user.deletedAt) {
        const user: Learner = { ...payment.user, preferredLocale: payment.user.preferredLocale as Lang }
        const kind = cancelled ? 'cancelled' : full ? 'full' : 'partial'
        await queueEmail(tx, {
          ...refundEmail(user, payment.courseId, {
            amount: payment.amountCents,
            refunded: refundedCents,
            currency: payment.currency,
            kind,
          }),
          dedupeKey: `refund:${payment.id}:${refundedCents}`,
        })
      }
      return { result: 'processed', enrolled: false, flagReason: null }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { result: 'duplicate' }
    throw error
  }
}

/** Refunds kept this long without their purchase are dropped (a charge that is not Aula's). */
export const PENDING_REFUND_TTL_MS = 30 * 24 * 60 * 60 * 1000

export async function forgetStalePendingRefunds(now = new Date()) {
  const { count } = await prisma.pendingRefund.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - PENDING_REFUND_TTL_MS) } },
  })
  return count
}
