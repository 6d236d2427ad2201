// Bulk issue for a whole course, or one cohort of it: every learner whose enrolment is completed
// and who has no certificate for the course yet. startBatch() writes the CertificateBatch row
// (its progress) and adds its `certificate:batch` job in one transaction; a job runner runs it
// (ADR 012). It is resumable: learners are taken in id order and each issue commits together with
// the batch's counters and cursor, so a run retried after a crash or a restart continues after
// the last learner it finished, and issues nobody twice.
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { enqueue, JobInterrupted, type JobRun } from '#app/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { advisoryXactLock } from '#app/utils/sql.server.ts'
import { issueCertificate } from './issue.server.ts'

const PAGE = 100

function scope(courseId: string, cohortId: string | null) {
  return { courseId, status: 'completed' as const, ...(cohortId ? { cohortId } : {}), user: { deletedAt: null } }
}

export type StartBatchResult =
  { ok: true; batchId: string } | { ok: false; error: 'unknown-course' | 'unknown-cohort' | 'batch-running' }

export async function startBatch(input: {
  courseId: string
  cohortId: string | null
  actorId: string
}): Promise<StartBatchResult> {
  if (!getCourse(input.courseId)) return { ok: false, error: 'unknown-course' }
  return prisma.$transaction(async (tx): Promise<StartBatchResult> => {
    await advisoryXactLock(tx, `certificate-batch:${input.courseId}`)
    if (input.cohortId) {
      const cohort = await tx.cohort.findFirst({
        where: { id: input.cohortId, courseId: input.courseId },
        select: { id: true },
      })
      if (!cohort) return { ok: false, error: 'unknown-cohort' }
    }
    const running = await tx.certificateBatch.findFirst({
      where: { courseId: input.courseId, status: 'running' },
      select: { id: true },
    })
    if (running) return { ok: false, error: 'batch-running' }
    const total = await tx.enrolment.count({ where: scope(input.courseId, input.cohortId) })
    const batch = await tx.certificateBatch.create({
      data: { courseId: input.courseId, cohortId: input.cohortId, actorId: input.actorId, total },
      select: { id: true },
    })
    await audit(tx, {
      actorId: input.actorId,
      action: 'certificate.bulk.start',
      subject: `certificate-batch:${batch.id}`,
      data: { courseId: input.courseId, cohortId: input.cohortId, total },
    })
    await enqueue(tx, 'certificate:batch', { batchId: batch.id }, { jobKey: `certificate-batch:${batch.id}` })
    return { ok: true, batchId: batch.id }
  })
}

/**
 * The `certificate:batch` task: runs (or resumes) a batch to its end. A failure leaves it running
 * for the runner's retry, which resumes it, until the last attempt marks it failed. `signal` stops
 * it between two learners (the runner is stopping); `stopAfter` stops it early, as a crash would
 * (tests).
 */
export async function runBatch(batchId: string, options: JobRun & { stopAfter?: number } = {}) {
  const batch = await prisma.certificateBatch.findUnique({
    where: { id: batchId },
    select: { courseId: true, cohortId: true, actorId: true, cursor: true, status: true },
  })
  if (batch?.status !== 'running') return
  // Counted once: a learner at or before the cursor was finished by an earlier run.
  const notPassed = (userId: string) => ({ id: batchId, OR: [{ cursor: null }, { cursor: { lt: userId } }] })
  let cursor = batch.cursor
  let processed = 0
  try {
    for (;;) {
      const page = await prisma.enrolment.findMany({
        where: { ...scope(batch.courseId, batch.cohortId), ...(cursor ? { userId: { gt: cursor } } : {}) },
        select: { userId: true },
        orderBy: { userId: 'asc' },
        take: PAGE,
      })
      if (page.length === 0) break
      for (const { userId } of page) {
        if (options.stopAfter !== undefined && processed >= options.stopAfter) return
        if (options.signal?.aborted) throw new JobInterrupted('bulk issue')
        const result = await issueCertificate({
          userId,
          courseId: batch.courseId,
          actorId: batch.actorId,
          source: 'bulk',
          requireNoCertificate: true,
          onIssued: async (tx) => {
            await tx.certificateBatch.updateMany({
              where: notPassed(userId),
              data: { issued: { increment: 1 }, cursor: userId },
            })
          },
        })
        if (!result.ok) {
          await prisma.certificateBatch.updateMany({
            where: notPassed(userId),
            data:
              result.error === 'already-issued'
                ? { skipped: { increment: 1 }, cursor: userId }
                : { failed: { increment: 1 }, cursor: userId },
          })
        }
        cursor = userId
        processed++
      }
    }
    await prisma.certificateBatch.updateMany({
      where: { id: batchId, status: 'running' },
      data: { status: 'done', finishedAt: new Date(), error: null },
    })
  } catch (error) {
    if (!options.lastAttempt) throw error
    await prisma.certificateBatch.update({
      where: { id: batchId },
      data: {
        status: 'failed',
        finishedAt: new Date(),
        error: error instanceof Error ? error.message.slice(0, 500) : 'error',
      },
      select: { id: true },
    })
    throw error
  }
}
