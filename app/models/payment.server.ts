// Paid enrolment, waivers and enrolment requests (DESIGN.md, "Payments").
// - An enrolment and its Payment are created only by a signature-verified Stripe webhook, in one
//   transaction, idempotently: the StripeEvent row (event id), Payment.stripeSessionId and
//   Enrollment(userId, courseId) are unique, so however many times and however concurrently an
//   event (or a second event for the same purchase) arrives, one payment and one enrolment result.
// - A payment whose amount or currency differs from the course's price is recorded, flagged for
//   administrators and does not enrol.
// - Waivers and request decisions are administrator mutations: audited in the same transaction.
import type Stripe from 'stripe'
import { z } from 'zod'
import { getCourse } from '#app/content/catalog.server.ts'
import { MAX_WAIVER_TEXT } from '#app/utils/consoles.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { linkEmail, sendEmail } from '#app/utils/email.server.ts'
import { env } from '#app/utils/env.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'

type Tx = Prisma.TransactionClient

export const FLAG_REASONS = ['amount_mismatch', 'currency_mismatch', 'already_enrolled'] as const
export type FlagReason = (typeof FLAG_REASONS)[number]

export function isUniqueViolation(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as { code?: string }).code === 'P2002')
}

// Many deliveries of one event at once queue for a connection: give them time rather than fail.
const TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 }

// ---------------------------------------------------------------------------------------------
// Webhook events

export type EventOutcome =
  | { result: 'processed'; enrolled: boolean; flagReason: FlagReason | null }
  | { result: 'duplicate' }
  | { result: 'ignored'; reason: string }

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/)
const CheckoutMetadata = z.object({ userId: Id, courseId: Id, lang: z.enum(['en', 'es']).optional() })

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

/** Records the event as processed; false if it was already (a redelivery). */
async function recordEvent(tx: Tx, id: string, type: string): Promise<boolean> {
  const inserted = await tx.stripeEvent.createMany({ data: [{ id, type }], skipDuplicates: true })
  return inserted.count === 1
}

async function fulfilCheckout(eventId: string, type: string, created: number, session: Stripe.Checkout.Session): Promise<EventOutcome> {
  if (typeof session.id !== 'string' || !/^cs_[A-Za-z0-9_]{1,250}$/.test(session.id)) return { result: 'ignored', reason: 'not a Checkout session' }
  if (session.mode !== 'payment') return { result: 'ignored', reason: 'not a one-off payment' }
  // Delayed methods complete unpaid and succeed later (async_payment_succeeded).
  if (session.payment_status !== 'paid') return { result: 'ignored', reason: 'not paid yet' }
  const metadata = CheckoutMetadata.safeParse(session.metadata ?? {})
  if (!metadata.success) return { result: 'ignored', reason: 'not an Aula checkout' }
  const { userId, courseId } = metadata.data
  const amount = Number.isSafeInteger(session.amount_total) ? session.amount_total! : 0
  const currency = typeof session.currency === 'string' ? session.currency.toUpperCase().slice(0, 3) : ''
  const paymentIntent = typeof session.payment_intent === 'string' ? session.payment_intent.slice(0, 255) : null
  let outcome: EventOutcome & { user?: { email: string; displayName: string; preferredLocale: Lang; country: string } }
  try {
    outcome = await prisma.$transaction(async (tx) => {
      // First, the event: INSERT … ON CONFLICT DO NOTHING waits for a concurrent delivery of the
      // same event to commit, then inserts nothing: this one is a duplicate.
      if (!(await recordEvent(tx, eventId, type))) return { result: 'duplicate' as const }
      const [user, course] = await Promise.all([
        tx.user.findUnique({ where: { id: userId }, select: { email: true, displayName: true, preferredLocale: true, country: true } }),
        tx.course.findUnique({ where: { id: courseId }, select: { priceCents: true, currency: true } }),
      ])
      if (!user || !course) return { result: 'ignored' as const, reason: 'unknown learner or course' }
      let flagReason: FlagReason | null = null
      if (currency !== course.currency.toUpperCase()) flagReason = 'currency_mismatch'
      else if (amount !== course.priceCents) flagReason = 'amount_mismatch'
      // Another event for the same purchase (same session) was processed already: nothing more.
      const payment = await tx.payment.createMany({
        data: [{
          userId,
          courseId,
          amountCents: amount,
          currency,
          status: 'paid',
          stripeSessionId: session.id,
          stripePaymentIntentId: paymentIntent,
          paidAt: new Date(created * 1000),
          flagged: flagReason !== null,
          flagReason,
        }],
        skipDuplicates: true,
      })
      if (payment.count === 0) return { result: 'duplicate' as const }
      let enrolled = false
      if (!flagReason) {
        // A learner enrolled meanwhile (waiver, another purchase) keeps one enrolment, and this
        // payment is flagged so an administrator can refund it.
        const inserted = await tx.enrollment.createMany({ data: [{ userId, courseId, source: 'payment' }], skipDuplicates: true })
        // A cancelled enrolment is not "enrolled": the purchase makes it active again.
        const reopened = inserted.count === 1 ? 0 : (await tx.enrollment.updateMany({ where: { userId, courseId, status: 'cancelled' }, data: { status: 'active', source: 'payment' } })).count
        enrolled = inserted.count === 1 || reopened === 1
        if (!enrolled) {
          flagReason = 'already_enrolled'
          await tx.payment.update({ where: { stripeSessionId: session.id }, data: { flagged: true, flagReason }, select: { id: true } })
        }
      }
      return { result: 'processed' as const, enrolled, flagReason, user: { ...user, preferredLocale: user.preferredLocale as Lang } }
    }, TX_OPTIONS)
  } catch (error) {
    if (isUniqueViolation(error)) return { result: 'duplicate' }
    throw error
  }
  if (outcome.result === 'processed') {
    if (outcome.flagReason) logger.warn({ eventId, sessionId: session.id, flagReason: outcome.flagReason }, 'payment flagged for administrators')
    if (outcome.enrolled && outcome.user) {
      await sendPurchaseEmail(outcome.user, courseId, amount, currency).catch((error: unknown) =>
        logger.error({ err: error, eventId }, 'purchase confirmation mail failed'),
      )
    }
    return { result: 'processed', enrolled: outcome.enrolled, flagReason: outcome.flagReason }
  }
  return outcome.result === 'duplicate' ? { result: 'duplicate' } : { result: 'ignored', reason: outcome.reason }
}

async function recordRefund(eventId: string, type: string, charge: Stripe.Charge): Promise<EventOutcome> {
  const paymentIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null)
  if (!paymentIntent || typeof paymentIntent !== 'string') return { result: 'ignored', reason: 'charge without a payment intent' }
  try {
    return await prisma.$transaction(async (tx) => {
      const payment = await tx.payment.findUnique({ where: { stripePaymentIntentId: paymentIntent }, select: { id: true, amountCents: true, refundedCents: true, status: true } })
      if (!payment) return { result: 'ignored' as const, reason: 'no payment for this charge' }
      if (!(await recordEvent(tx, eventId, type))) return { result: 'duplicate' as const }
      // amount_refunded is cumulative; events can arrive out of order.
      const refundedCents = Math.max(payment.refundedCents, Number.isSafeInteger(charge.amount_refunded) ? charge.amount_refunded : 0)
      const full = charge.refunded === true || refundedCents >= payment.amountCents
      await tx.payment.update({
        where: { id: payment.id },
        data: { refundedCents, ...(full ? { status: 'refunded', refundedAt: new Date() } : {}) },
        select: { id: true },
      })
      return { result: 'processed' as const, enrolled: false, flagReason: null }
    }, TX_OPTIONS)
  } catch (error) {
    if (isUniqueViolation(error)) return { result: 'duplicate' }
    throw error
  }
}

function courseTitle(courseId: string, lang: Lang): string {
  return getCourse(courseId)?.title[lang] ?? courseId
}

async function sendPurchaseEmail(user: { email: string; displayName: string; preferredLocale: Lang; country: string }, courseId: string, amount: number, currency: string) {
  const lang = user.preferredLocale
  const t = getT(lang, 'payments')
  const title = courseTitle(courseId, lang)
  await sendEmail({
    to: user.email,
    subject: t('mail.purchase.subject', { course: title }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name: user.displayName }),
      body: t('mail.purchase.body', { course: title, amount: formatPrice(formattingLocale(lang, user.country), amount, currency) }),
      action: t('mail.purchase.action'),
      url: new URL(`/${lang}/courses/${courseId}`, env().APP_URL).toString(),
      footer: t('mail.footer'),
    }),
  })
}

/** The learner's payment for a Checkout session (the success page waits for it). */
export function findPaymentForSession(userId: string, sessionId: string) {
  return prisma.payment.findFirst({
    where: { userId, stripeSessionId: sessionId },
    select: { id: true, courseId: true, status: true, flagged: true, flagReason: true, amountCents: true, currency: true },
  })
}

// ---------------------------------------------------------------------------------------------
// Waivers

export { MAX_WAIVER_TEXT }

/** A waiver's reason or sponsor as typed by an administrator: trimmed, short, no markup. */
export const WaiverTextSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
  .transform((value) => value.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'validation:required')
      .max(MAX_WAIVER_TEXT, 'validation:tooLong')
      .refine((value) => !/[<>\p{Cc}]/u.test(value), 'validation:textCharacters'),
  )

export type WaiverResult = { ok: true; enrollmentId: string } | { ok: false; error: 'already_enrolled' | 'not_found' }

/**
 * An administrator enrols someone in a course free of charge (source: waiver), recording why and
 * who pays instead. Audited in the same transaction; a pending enrolment request is closed.
 */
export async function grantWaiver(input: { actorId: string; userId: string; courseId: string; reason: string; sponsor: string }): Promise<WaiverResult> {
  const { actorId, userId, courseId, reason, sponsor } = input
  try {
    return await prisma.$transaction(async (tx) => {
      const [user, course] = await Promise.all([
        tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } }),
        tx.course.findUnique({ where: { id: courseId }, select: { id: true } }),
      ])
      if (!user || !course) return { ok: false as const, error: 'not_found' as const }
      const existing = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true, status: true } })
      if (existing && existing.status !== 'cancelled') return { ok: false as const, error: 'already_enrolled' as const }
      const waiver = { source: 'waiver' as const, status: 'active' as const, waiverReason: reason, waiverSponsor: sponsor, grantedById: actorId }
      const enrollment = existing
        ? await tx.enrollment.update({ where: { id: existing.id }, data: waiver, select: { id: true } })
        : await tx.enrollment.create({ data: { userId, courseId, ...waiver }, select: { id: true } })
      await tx.enrollmentRequest.updateMany({
        where: { userId, courseId, status: 'pending' },
        data: { status: 'approved', decidedAt: new Date(), decidedById: actorId },
      })
      await audit(tx, { actorId, action: 'enrollment.waiver', subject: `user:${userId}`, data: { courseId, reason, sponsor } })
      return { ok: true as const, enrollmentId: enrollment.id }
    })
  } catch (error) {
    // Two administrators at once: the second finds the first's enrolment.
    if (isUniqueViolation(error)) return { ok: false, error: 'already_enrolled' }
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// Enrolment requests (no Stripe keys configured)

export const MAX_REQUEST_MESSAGE = 1000

/** A learner asks to be enrolled; asking again while pending changes nothing. */
export async function requestEnrolment(input: { userId: string; courseId: string; message: string }) {
  const { userId, courseId, message } = input
  await prisma.enrollmentRequest.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId, message },
    update: { status: 'pending', message, createdAt: new Date(), decidedAt: null, decidedById: null },
    select: { id: true },
  })
}

export function findPendingRequest(userId: string, courseId: string) {
  return prisma.enrollmentRequest.findFirst({ where: { userId, courseId, status: 'pending' }, select: { id: true, createdAt: true } })
}

/** Approve (enrols, source admin) or decline a pending request. Audited. */
export async function decideEnrolmentRequest(input: { actorId: string; requestId: string; decision: 'approve' | 'decline' }) {
  const { actorId, requestId, decision } = input
  return prisma.$transaction(async (tx) => {
    const request = await tx.enrollmentRequest.findFirst({ where: { id: requestId, status: 'pending' }, select: { id: true, userId: true, courseId: true } })
    if (!request) return false
    await tx.enrollmentRequest.update({
      where: { id: request.id },
      data: { status: decision === 'approve' ? 'approved' : 'declined', decidedAt: new Date(), decidedById: actorId },
      select: { id: true },
    })
    if (decision === 'approve') {
      const created = await tx.enrollment.createMany({ data: [{ userId: request.userId, courseId: request.courseId, source: 'admin', grantedById: actorId }], skipDuplicates: true })
      if (created.count === 0) {
        await tx.enrollment.updateMany({ where: { userId: request.userId, courseId: request.courseId, status: 'cancelled' }, data: { status: 'active', source: 'admin', grantedById: actorId } })
      }
    }
    await audit(tx, { actorId, action: `enrollment.request.${decision}`, subject: `user:${request.userId}`, data: { courseId: request.courseId, requestId } })
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// The administrators' payments page

const REPORT_ROWS = 100

export async function paymentsOverview() {
  const user = { select: { displayName: true, email: true } }
  const paymentSelect = { id: true, courseId: true, amountCents: true, currency: true, status: true, flagged: true, flagReason: true, refundedCents: true, paidAt: true, refundedAt: true, createdAt: true, stripeSessionId: true, user } as const
  const [payments, flagged, waivers, requests, totals] = await Promise.all([
    prisma.payment.findMany({ select: paymentSelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: REPORT_ROWS }),
    // Payments to review, however old: flagged and not refunded yet.
    prisma.payment.findMany({
      where: { flagged: true, status: { not: 'refunded' } },
      select: paymentSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.enrollment.findMany({
      where: { source: 'waiver' },
      select: { id: true, courseId: true, createdAt: true, waiverReason: true, waiverSponsor: true, user, grantedBy: { select: { displayName: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.enrollmentRequest.findMany({
      where: { status: 'pending' },
      select: { id: true, courseId: true, message: true, createdAt: true, user },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.payment.groupBy({ by: ['currency', 'status'], _sum: { amountCents: true, refundedCents: true }, _count: { _all: true } }),
  ])
  return { payments, flagged, waivers, requests, totals }
}
