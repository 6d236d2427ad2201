// The one reaction to a completed course (onCourseCompleted, called by the transaction that records
// the completion: the `certificate:issue` job or, where course.yaml asks, an approval request), the
// job's task, and the administrators' approval queue (approve issues; reject tells the learner why).
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { enqueue } from '#app/jobs/queue.server.ts'
import { queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { isLang } from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'
import { issueCertificate } from './issue.server.ts'
import { certificateEmail } from './mail.server.ts'
import { HOLDER_SELECT, type Tx } from './render.server.ts'

/** Puts a completed course's certificate in the administrators' approval queue (once). */
async function requestApproval(db: Tx, userId: string, courseId: string) {
  await db.certificateRequest.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId },
    update: {},
    select: { id: true },
  })
}

/**
 * The one reaction to a completed course, inside the transaction that recorded the completion
 * (progress.server.ts): the approval request when the course asks for one, else the job that
 * issues the certificate. Both commit, or neither does, with the completion.
 */
export async function onCourseCompleted(tx: Tx, userId: string, course: ManifestCourse) {
  if (course.certificate.approval) return requestApproval(tx, userId, course.id)
  // One waiting job per learner and course; the issue itself is idempotent besides.
  const jobKey = `certificate-issue:${userId}:${course.id}`
  await enqueue(tx, 'certificate:issue', { userId, courseId: course.id }, { jobKey })
}

/**
 * The `certificate:issue` task. A certificate that exists already is not issued again; a course
 * that has come to ask for approval gets the request instead; a name the font cannot print goes
 * to the administrators' approval queue too (the learner's page then says so) instead of being
 * retried in vain; an account or enrolment that went away meanwhile gets nothing. Errors (the
 * database, the signing key) are thrown: the runner retries.
 */
export async function issueOnCompletion(input: { userId: string; courseId: string }) {
  if (getCourse(input.courseId)?.certificate.approval) return requestApproval(prisma, input.userId, input.courseId)
  const result = await issueCertificate({ ...input, actorId: null, source: 'automatic', requireNoCertificate: true })
  if (result.ok || result.error === 'already-issued') return
  if (result.error === 'unprintable-name') await requestApproval(prisma, input.userId, input.courseId)
  logger.warn({ ...input, error: result.error }, 'automatic certificate not issued')
}

export async function rejectCertificateRequest(input: { requestId: string; actorId: string; reason: string }) {
  const result = await prisma.$transaction(async (tx) => {
    const changed = await tx.certificateRequest.updateMany({
      where: { id: input.requestId, status: 'pending' },
      data: { status: 'rejected', decidedAt: new Date(), actorId: input.actorId, reason: input.reason },
    })
    if (changed.count === 0) return null
    await audit(tx, {
      actorId: input.actorId,
      action: 'certificate.request.reject',
      subject: `certificate-request:${input.requestId}`,
      data: { reason: input.reason },
    })
    const request = await tx.certificateRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      select: { courseId: true, user: { select: HOLDER_SELECT } },
    })
    // The learner is told why, in their language, and sees it on their dashboard.
    const course = getCourse(request.courseId)
    if (course && !request.user.deletedAt) {
      const lang = isLang(request.user.preferredLocale) ? request.user.preferredLocale : 'en'
      await queueEmail(
        tx,
        certificateEmail('rejected', {
          to: request.user.email,
          name: request.user.displayName,
          lang,
          courseTitle: course.title[lang],
          serial: '',
          url: appUrl(`/${lang}/dashboard`),
          reason: input.reason,
        }),
      )
    }
    return request
  })
  if (!result) return { ok: false as const }
  return { ok: true as const }
}

export async function approveCertificateRequest(input: { requestId: string; actorId: string }) {
  const request = await prisma.certificateRequest.findFirst({
    where: { id: input.requestId, status: 'pending' },
    select: { userId: true, courseId: true },
  })
  if (!request) return { ok: false as const, error: 'not-pending' as const }
  return issueCertificate({
    userId: request.userId,
    courseId: request.courseId,
    actorId: input.actorId,
    source: 'approval',
  })
}
