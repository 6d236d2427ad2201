// Paid enrolment, waivers and enrolment requests (DESIGN.md, "Payments").
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
import { z } from 'zod'
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { enrol, type EnrolmentError } from '#app/enrolment/enrol.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { type Email, linkEmail, queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl, env } from '#app/utils/env.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'
import { advisoryXactLock } from '#app/utils/sql.server.ts'
import { IdSchema, LocaleSchema, SlugSchema } from '#app/utils/validation.ts'
import { createReceipt } from './receipt.server.ts'

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
  | { result: 'deferred'; reason: string }
  /** Correctly signed, but not what Stripe sends (a fraction of a cent, an id that is not Stripe's): nothing recorded (ADR 022). */
  | { result: 'malformed'; reason: string }

/** Stripe's ids: a prefix, an underscore, letters, digits and underscores. */
const STRIPE_ID = /^[a-z]{2,8}_[A-Za-z0-9_]{1,250}$/
/** An amount in the currency's smallest unit: Stripe sends whole numbers, never a fraction or a negative. */
const isAmount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

const CheckoutMetadata = z.object({ userId: IdSchema, courseId: SlugSchema, lang: LocaleSchema.optional() })

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

/** Serialises every event about one payment intent (a purchase and its refunds) until commit. */
async function lockPaymentIntent(tx: Tx, paymentIntent: string) {
  await advisoryXactLock(tx, `payment-intent:${paymentIntent}`)
}

type Learner = { email: string; displayName: string; preferredLocale: Lang; country: string }

/** Records the event as processed; false if it was already (a redelivery). */
async function recordEvent(tx: Tx, id: string, type: string): Promise<boolean> {
  const inserted = await tx.stripeEvent.createMany({ data: [{ id, type }], skipDuplicates: true })
  return inserted.count === 1
}

async function fulfilCheckout(
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
    }, TX_OPTIONS)
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

async function recordRefund(eventId: string, type: string, charge: Stripe.Charge): Promise<EventOutcome> {
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
    }, TX_OPTIONS)
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

function courseTitle(courseId: string, lang: Lang): string {
  return getCourse(courseId)?.title[lang] ?? courseId
}

function purchaseEmail(user: Learner, courseId: string, amount: number, currency: string): Email {
  const lang = user.preferredLocale
  const t = getT(lang, 'payments')
  const title = courseTitle(courseId, lang)
  return {
    to: user.email,
    subject: t('mail.purchase.subject', { course: title }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name: user.displayName }),
      body: t('mail.purchase.body', {
        course: title,
        amount: formatPrice(formattingLocale(lang, user.country), amount, currency),
      }),
      action: t('mail.purchase.action'),
      url: appUrl(`/${lang}/courses/${courseId}`),
      footer: t('mail.footer'),
    }),
  }
}

/** cancelled: refunded in full, enrolment cancelled; full: refunded in full, nothing cancelled; partial. */
function refundEmail(
  user: Learner,
  courseId: string,
  input: { amount: number; refunded: number; currency: string; kind: 'cancelled' | 'full' | 'partial' },
): Email {
  const lang = user.preferredLocale
  const t = getT(lang, 'payments')
  const title = courseTitle(courseId, lang)
  const locale = formattingLocale(lang, user.country)
  return {
    to: user.email,
    subject: t('mail.refund.subject', { course: title }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name: user.displayName }),
      body: t(`mail.refund.${input.kind}`, {
        course: title,
        amount: formatPrice(locale, input.amount, input.currency),
        refunded: formatPrice(locale, input.refunded, input.currency),
      }),
      action: t('mail.refund.action'),
      url: appUrl(`/${lang}/courses/${courseId}`),
      footer: t('mail.footer'),
    }),
  }
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

// ---------------------------------------------------------------------------------------------
// Waivers

export type WaiverResult =
  { ok: true; enrolmentId: string } | { ok: false; error: Extract<EnrolmentError, 'already-enrolled' | 'not-found'> }

/**
 * An administrator enrols someone in a course free of charge (source: waiver), recording why and
 * who pays instead. Audited in the same transaction; a pending enrolment request is closed.
 */
export async function grantWaiver(input: {
  actorId: string
  userId: string
  courseId: string
  reason: string
  sponsor: string
}): Promise<WaiverResult> {
  const { actorId, userId, courseId, reason, sponsor } = input
  try {
    return await prisma.$transaction(async (tx) => {
      const [user, course] = await Promise.all([
        tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } }),
        tx.course.findUnique({ where: { id: courseId }, select: { id: true } }),
      ])
      if (!user || !course) return { ok: false as const, error: 'not-found' as const }
      const enrolled = await enrol(
        { userId, courseId, source: 'waiver', waiverReason: reason, waiverSponsor: sponsor, grantedById: actorId },
        tx,
      )
      if (enrolled.outcome === 'already-enrolled') return { ok: false as const, error: 'already-enrolled' as const }
      await tx.enrolmentRequest.updateMany({
        where: { userId, courseId, status: 'pending' },
        data: { status: 'approved', decidedAt: new Date(), decidedById: actorId },
      })
      await audit(tx, {
        actorId,
        action: 'enrolment.waiver',
        subject: `user:${userId}`,
        data: { courseId, reason, sponsor },
      })
      return { ok: true as const, enrolmentId: enrolled.enrolmentId }
    })
  } catch (error) {
    // Two administrators at once: the second finds the first's enrolment.
    if (isUniqueViolation(error)) return { ok: false, error: 'already-enrolled' }
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// Enrolment requests (no Stripe keys configured)

/** A learner asks to be enrolled; asking again while pending changes nothing. */
export async function requestEnrolment(input: { userId: string; courseId: string; message: string }) {
  const { userId, courseId, message } = input
  await prisma.enrolmentRequest.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId, message },
    update: { status: 'pending', message, createdAt: new Date(), decidedAt: null, decidedById: null },
    select: { id: true },
  })
}

export function findPendingRequest(userId: string, courseId: string) {
  return prisma.enrolmentRequest.findFirst({
    where: { userId, courseId, status: 'pending' },
    select: { id: true, createdAt: true },
  })
}

/** Approve (enrols, source admin) or decline a pending request. Audited. */
export async function decideEnrolmentRequest(input: {
  actorId: string
  requestId: string
  decision: 'approve' | 'decline'
}) {
  const { actorId, requestId, decision } = input
  return prisma.$transaction(async (tx) => {
    const request = await tx.enrolmentRequest.findFirst({
      where: { id: requestId, status: 'pending' },
      select: { id: true, userId: true, courseId: true },
    })
    if (!request) return false
    await tx.enrolmentRequest.update({
      where: { id: request.id },
      data: { status: decision === 'approve' ? 'approved' : 'declined', decidedAt: new Date(), decidedById: actorId },
      select: { id: true },
    })
    // Approving enrols (or re-opens a cancelled enrolment); a learner enrolled meanwhile stays as is.
    if (decision === 'approve')
      await enrol({ userId: request.userId, courseId: request.courseId, source: 'admin', grantedById: actorId }, tx)
    await audit(tx, {
      actorId,
      action: `enrolment.request.${decision}`,
      subject: `user:${request.userId}`,
      data: { courseId: request.courseId, requestId },
    })
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// The administrators' payments page

const REPORT_ROWS = 100

export async function paymentsOverview() {
  const user = { select: { displayName: true, email: true } }
  const paymentSelect = {
    id: true,
    courseId: true,
    amountCents: true,
    currency: true,
    status: true,
    flagged: true,
    flagReason: true,
    refundedCents: true,
    paidAt: true,
    refundedAt: true,
    createdAt: true,
    stripeSessionId: true,
    user,
  } as const
  const [payments, flagged, waivers, requests, totals] = await Promise.all([
    prisma.payment.findMany({
      select: paymentSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    // Payments to review, however old: flagged and not refunded yet.
    prisma.payment.findMany({
      where: { flagged: true, status: { not: 'refunded' } },
      select: paymentSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.enrolment.findMany({
      where: { source: 'waiver' },
      select: {
        id: true,
        courseId: true,
        createdAt: true,
        waiverReason: true,
        waiverSponsor: true,
        user,
        grantedBy: { select: { displayName: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.enrolmentRequest.findMany({
      where: { status: 'pending' },
      select: { id: true, courseId: true, message: true, createdAt: true, user },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.payment.groupBy({
      by: ['currency', 'status'],
      _sum: { amountCents: true, refundedCents: true },
      _count: { _all: true },
    }),
  ])
  return { payments, flagged, waivers, requests, totals }
}
