// What every Stripe event handler shares (checkout.server.ts, refunds.server.ts): the outcome of an
// event, the shape checks of Stripe's ids and amounts, the insert-once record of an event id, and
// the advisory lock every event about one payment intent takes (ADR 008).
import { type Prisma } from '#app/generated/prisma/client.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { advisoryXactLock } from '#app/utils/sql.server.ts'

type Tx = Prisma.TransactionClient

export const FLAG_REASONS = ['amount_mismatch', 'currency_mismatch', 'already_enrolled'] as const
export type FlagReason = (typeof FLAG_REASONS)[number]

export type EventOutcome =
  | { result: 'processed'; enrolled: boolean; flagReason: FlagReason | null }
  | { result: 'duplicate' }
  | { result: 'ignored'; reason: string }
  | { result: 'deferred'; reason: string }
  /** Correctly signed, but not what Stripe sends (a fraction of a cent, an id that is not Stripe's): nothing recorded (ADR 022). */
  | { result: 'malformed'; reason: string }

/** Stripe's ids: a prefix, an underscore, letters, digits and underscores. */
export const STRIPE_ID = /^[a-z]{2,8}_[A-Za-z0-9_]{1,250}$/
/** An amount in the currency's smallest unit: Stripe sends whole numbers, never a fraction or a negative. */
export const isAmount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

/** Serialises every event about one payment intent (a purchase and its refunds) until commit. */
export async function lockPaymentIntent(tx: Tx, paymentIntent: string) {
  await advisoryXactLock(tx, `payment-intent:${paymentIntent}`)
}

export type Learner = { email: string; displayName: string; preferredLocale: Lang; country: string }

/** Records the event as processed; false if it was already (a redelivery). */
export async function recordEvent(tx: Tx, id: string, type: string): Promise<boolean> {
  const inserted = await tx.stripeEvent.createMany({ data: [{ id, type }], skipDuplicates: true })
  return inserted.count === 1
}
