// Issuing a certificate: when a course's rule is met (the `certificate:issue` job, approval.server.ts),
// by an administrator, by approval of a request, or in bulk (batch.server.ts). Each one is rendered
// to PDF in both languages and signed as an Open Badges 3.0 credential once, at issue, and stored:
// what is served later is exactly what was issued.
//
// One place reacts to a completed course: onCourseCompleted(), called by the transaction that
// records the completion. It adds the `certificate:issue` job (or the approval request) in that
// same transaction, so no completion is left without its certificate, and the learner's request
// does none of the work: a job runner issues it moments later (ADR 012).
//
// Issuing (ADR 012): checks, then the year's next serial (one statement: the counter's row is
// locked only for it), then the PDFs and the credential, outside any transaction or lock, so
// certificates for different learners are made in parallel; then a short transaction stores the
// certificate with its audit entry and mail. Every change to a learner's certificate for a course
// takes a transaction-scoped advisory lock on (learner, course) and checks again, and a partial
// unique index allows one valid certificate per learner and course, so a double completion, an
// automatic issue racing an administrator, or two bulk runners still give one valid certificate.
// A serial taken by an issue that then found nothing to do stays unused: serials are unique and
// increasing, not gapless.
import { getCourse } from '#app/content/catalog.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { UnprintableTextError } from './errors.server.ts'
import {
  type Holder,
  HOLDER_SELECT,
  type IssueSource,
  lockLearnerCourse,
  queueHolderMail,
  type Rendered,
  renderCertificate,
  storeCertificate,
  type Tx,
} from './render.server.ts'

export type IssueResult =
  | { ok: true; certificate: { id: string; serial: string; verificationCode: string } }
  | { ok: false; error: 'unknown-learner' | 'unknown-course' | 'not-enrolled' | 'already-issued' | 'unprintable-name' }

type IssueInput = {
  userId: string
  courseId: string
  actorId: string | null
  source: IssueSource
  requireNoCertificate?: boolean
  /** Bulk runs count their progress in the same transaction as the issue. */
  onIssued?: (tx: Tx) => Promise<void>
}

/** Whether the learner may get the certificate now: read before the work, and again under the lock. */
async function issuable(db: Tx, input: IssueInput) {
  const holder = await db.user.findFirst({ where: { id: input.userId, deletedAt: null }, select: HOLDER_SELECT })
  if (!holder) return { ok: false, error: 'unknown-learner' } as const
  const enrolment = await db.enrolment.findUnique({
    where: { userId_courseId: { userId: input.userId, courseId: input.courseId } },
    select: { completedAt: true },
  })
  if (!enrolment) return { ok: false, error: 'not-enrolled' } as const
  const existing = await db.certificate.findFirst({
    where: {
      userId: input.userId,
      courseId: input.courseId,
      ...(input.requireNoCertificate ? {} : { status: 'valid' }),
    },
    select: { id: true },
  })
  if (existing) return { ok: false, error: 'already-issued' } as const
  const found: Holder = { ...holder, preferredLocale: holder.preferredLocale as Lang }
  return { ok: true, holder: found, completedAt: enrolment.completedAt ?? new Date() } as const
}

/**
 * Issues a certificate to a learner for a course, unless a valid one exists. With
 * `requireNoCertificate` (automatic and bulk issue), any earlier certificate, even a revoked one,
 * stops it: a revoked certificate is never silently replaced.
 */
export async function issueCertificate(input: IssueInput): Promise<IssueResult> {
  const course = getCourse(input.courseId)
  if (!course) return { ok: false, error: 'unknown-course' }
  // Most calls with nothing to do stop here, before taking a serial.
  const before = await issuable(prisma, input)
  if (!before.ok) return before
  let rendered: Rendered
  try {
    rendered = await renderCertificate({ holder: before.holder, course, completedAt: before.completedAt })
  } catch (error) {
    if (error instanceof UnprintableTextError) return { ok: false, error: 'unprintable-name' }
    throw error
  }
  return prisma.$transaction(async (tx): Promise<IssueResult> => {
    await lockLearnerCourse(tx, input.userId, input.courseId)
    // Someone may have issued it (or the account gone) while this one rendered.
    const now = await issuable(tx, input)
    if (!now.ok) return now
    const certificate = await storeCertificate(tx, {
      holder: now.holder,
      course,
      actorId: input.actorId,
      completedAt: before.completedAt,
      source: input.source,
      rendered,
    })
    await input.onIssued?.(tx)
    await queueHolderMail(tx, 'issued', now.holder, course, certificate.serial, certificate.verificationCode)
    return { ok: true, certificate }
  })
}
