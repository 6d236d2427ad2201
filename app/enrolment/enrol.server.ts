// Enrolments: the one place that creates or re-opens one, whatever causes it (a free enrolment, a
// purchase, an administrator, a waiver, a cohort import), so there is one rule for each case:
// - No enrolment yet: one is created with the source and its details.
// - A cancelled enrolment (a purchase refunded in full, ADR 008) is re-opened: active again, with
//   the new source and its details (payment, waiver, grantor, cohort) in place of the old ones.
//   Progress, attempts and certificates were kept when it was cancelled, so the learner resumes.
// - An active or completed enrolment is never changed: the caller is told `already-enrolled` and
//   decides (a purchase is flagged for a refund; an administrator's enrolment or a waiver is
//   refused; a free enrolment or a cohort row leaves it as it is).
// Enrolment(userId, courseId) is unique, so two enrolments at once give one row.
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { type EnrolmentSource, type Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'

type Tx = Prisma.TransactionClient

export type EnrolInput = {
  userId: string
  courseId: string
  source: EnrolmentSource
  /** source payment: the purchase (a full refund of exactly it cancels the enrolment). */
  paymentId?: string | null
  /** source cohort. */
  cohortId?: string | null
  /** source admin or waiver: the administrator. */
  grantedById?: string | null
  /** source waiver: why, and who pays instead. */
  waiverReason?: string | null
  waiverSponsor?: string | null
}

export type EnrolOutcome = { outcome: 'created' | 'reopened' | 'already-enrolled'; enrolmentId: string }

/** Creates or re-opens the enrolment (the rule above), in the caller's transaction if given. */
export async function enrol(input: EnrolInput, tx: Tx = prisma): Promise<EnrolOutcome> {
  const [outcome] = await enrolMany([input], tx)
  return outcome!
}

/**
 * enrol() for many people at once (a cohort import's batch), in a few statements whatever their
 * number: one insert, and for those already there one read and one update per cancelled enrolment.
 * Outcomes are in the order of `inputs`.
 */
export async function enrolMany(inputs: EnrolInput[], tx: Tx = prisma): Promise<EnrolOutcome[]> {
  if (!inputs.length) return []
  const key = (userId: string, courseId: string) => `${userId}\u0000${courseId}`
  const details = (input: EnrolInput) => ({
    source: input.source,
    paymentId: input.paymentId ?? null,
    cohortId: input.cohortId ?? null,
    grantedById: input.grantedById ?? null,
    waiverReason: input.waiverReason ?? null,
    waiverSponsor: input.waiverSponsor ?? null,
  })
  // INSERT … ON CONFLICT DO NOTHING: a concurrent enrolment of the same person commits first.
  const created = await tx.enrolment.createManyAndReturn({
    data: inputs.map((input) => ({ userId: input.userId, courseId: input.courseId, ...details(input) })),
    skipDuplicates: true,
    select: { id: true, userId: true, courseId: true },
  })
  const outcomes = new Map<string, EnrolOutcome>(
    created.map((row) => [key(row.userId, row.courseId), { outcome: 'created', enrolmentId: row.id }]),
  )
  const rest = inputs.filter((input) => !outcomes.has(key(input.userId, input.courseId)))
  if (rest.length) {
    const existing = await tx.enrolment.findMany({
      where: { OR: rest.map(({ userId, courseId }) => ({ userId, courseId })) },
      select: { id: true, userId: true, courseId: true, status: true },
    })
    const byKey = new Map(existing.map((row) => [key(row.userId, row.courseId), row]))
    for (const input of rest) {
      const row = byKey.get(key(input.userId, input.courseId))!
      // Re-opened only if still cancelled when updated (a concurrent re-opening counts once).
      const reopened =
        row.status === 'cancelled'
          ? (
              await tx.enrolment.updateMany({
                where: { id: row.id, status: 'cancelled' },
                data: { status: 'active', ...details(input) },
              })
            ).count === 1
          : false
      outcomes.set(key(input.userId, input.courseId), {
        outcome: reopened ? 'reopened' : 'already-enrolled',
        enrolmentId: row.id,
      })
    }
  }
  return inputs.map((input) => outcomes.get(key(input.userId, input.courseId))!)
}

export type EnrolmentError = 'not-found' | 'unknown-course' | 'already-enrolled'

/** What an enrolment failure means over HTTP and to a person (routes answer with refuse(submission, domainError(…))). */
export const ENROLMENT_ERRORS: ErrorTable<EnrolmentError> = {
  'not-found': { status: 404, message: 'common:errors.404.body' },
  'unknown-course': { status: 400, message: 'reports:person.unknownCourse' },
  'already-enrolled': { status: 409, message: 'payments:errors.alreadyEnrolledLearner' },
}

export type AdminEnrolResult =
  { ok: true; outcome: 'created' | 'reopened'; enrolmentId: string } | { ok: false; error: EnrolmentError }

/** An administrator enrols a person (source admin), audited in the same transaction. */
export async function enrolByAdministrator(input: {
  actorId: string
  userId: string
  courseId: string
}): Promise<AdminEnrolResult> {
  const { actorId, userId, courseId } = input
  const course = getCourse(courseId)
  if (!course) return { ok: false, error: 'unknown-course' }
  return prisma.$transaction(async (tx): Promise<AdminEnrolResult> => {
    const target = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } })
    if (!target) return { ok: false, error: 'not-found' }
    // The catalogue row exists once the courses are synced; make sure of it for the foreign key.
    await tx.course.upsert({
      where: { id: course.id },
      create: { id: course.id, status: course.status, titleEn: course.title.en, titleEs: course.title.es },
      update: {},
      select: { id: true },
    })
    const { outcome, enrolmentId } = await enrol(
      { userId, courseId: course.id, source: 'admin', grantedById: actorId },
      tx,
    )
    if (outcome === 'already-enrolled') return { ok: false, error: 'already-enrolled' }
    await audit(tx, {
      actorId,
      action: 'enrolment.create',
      subject: `user:${userId}`,
      data: {
        courseId: course.id,
        enrolmentId,
        source: 'admin',
        ...(outcome === 'reopened' ? { reopened: true } : {}),
      },
    })
    return { ok: true, outcome, enrolmentId }
  })
}
