// Bulk issue for a whole course, or one cohort of it: every learner whose enrolment is completed
// and who has no certificate for the course yet. Runs in the background with its progress in the
// CertificateBatch row, and is resumable: learners are taken in id order and each issue commits
// together with the batch's counters and cursor, so a batch resumed after a crash (at start, or
// when its lease lapses) continues after the last learner it finished and issues nobody twice.
import { getCourse } from '#app/content/catalog.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { issueCertificate } from './certificate.server.ts'

const LEASE_MS = 60_000
const PAGE = 100

function scope(courseId: string, cohortId: string | null) {
  return { courseId, status: 'completed' as const, ...(cohortId ? { cohortId } : {}), user: { deletedAt: null } }
}

export type StartBatchResult =
  | { ok: true; batchId: string }
  | { ok: false; error: 'unknown-course' | 'unknown-cohort' | 'batch-running' }

export async function startBatch(input: { courseId: string; cohortId: string | null; actorId: string; run?: boolean }): Promise<StartBatchResult> {
  if (!getCourse(input.courseId)) return { ok: false, error: 'unknown-course' }
  const result = await prisma.$transaction(async (tx): Promise<StartBatchResult> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`certificate-batch:${input.courseId}`}))`
    if (input.cohortId) {
      const cohort = await tx.cohort.findFirst({ where: { id: input.cohortId, courseId: input.courseId }, select: { id: true } })
      if (!cohort) return { ok: false, error: 'unknown-cohort' }
    }
    const running = await tx.certificateBatch.findFirst({ where: { courseId: input.courseId, status: 'running' }, select: { id: true } })
    if (running) return { ok: false, error: 'batch-running' }
    const total = await tx.enrollment.count({ where: scope(input.courseId, input.cohortId) })
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
    return { ok: true, batchId: batch.id }
  })
  if (result.ok && input.run !== false) {
    void runBatch(result.batchId).catch((error: unknown) => logger.error({ err: error, batchId: result.batchId }, 'bulk issue failed'))
  }
  return result
}

/** Takes the batch if nobody holds it (or the holder's lease has lapsed). */
async function claim(batchId: string) {
  const now = new Date()
  const taken = await prisma.certificateBatch.updateMany({
    where: { id: batchId, status: 'running', OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
  })
  return taken.count === 1
}

/** Runs (or resumes) a batch to the end. Returns false when another runner holds it. */
export async function runBatch(batchId: string, options: { stopAfter?: number } = {}): Promise<boolean> {
  if (!(await claim(batchId))) return false
  const batch = await prisma.certificateBatch.findUniqueOrThrow({ where: { id: batchId }, select: { courseId: true, cohortId: true, actorId: true, cursor: true } })
  let cursor = batch.cursor
  let processed = 0
  try {
    for (;;) {
      const page = await prisma.enrollment.findMany({
        where: { ...scope(batch.courseId, batch.cohortId), ...(cursor ? { userId: { gt: cursor } } : {}) },
        select: { userId: true },
        orderBy: { userId: 'asc' },
        take: PAGE,
      })
      if (page.length === 0) break
      for (const { userId } of page) {
        if (options.stopAfter !== undefined && processed >= options.stopAfter) return true // tests: a crash mid-batch
        const lease = new Date(Date.now() + LEASE_MS)
        const result = await issueCertificate({
          userId,
          courseId: batch.courseId,
          actorId: batch.actorId,
          source: 'bulk',
          requireNoCertificate: true,
          onIssued: async (tx) => {
            await tx.certificateBatch.update({ where: { id: batchId }, data: { issued: { increment: 1 }, cursor: userId, leaseUntil: lease }, select: { id: true } })
          },
        })
        if (!result.ok) {
          // Nothing was issued: count it once (the cursor guard makes a replay after a crash a no-op).
          await prisma.certificateBatch.updateMany({
            where: { id: batchId, OR: [{ cursor: null }, { cursor: { lt: userId } }] },
            data: result.error === 'already-issued' ? { skipped: { increment: 1 }, cursor: userId, leaseUntil: lease } : { failed: { increment: 1 }, cursor: userId, leaseUntil: lease },
          })
        }
        cursor = userId
        processed++
      }
    }
    await prisma.certificateBatch.update({ where: { id: batchId }, data: { status: 'done', finishedAt: new Date(), leaseUntil: null, error: null }, select: { id: true } })
  } catch (error) {
    await prisma.certificateBatch.update({
      where: { id: batchId },
      data: { status: 'failed', finishedAt: new Date(), leaseUntil: null, error: error instanceof Error ? error.message.slice(0, 500) : 'error' },
      select: { id: true },
    })
    throw error
  }
  return true
}

/** At start: batches a dead process left running, resumed one after another in the background. */
export async function resumeBatches() {
  const lapsed = await prisma.certificateBatch.findMany({
    where: { status: 'running', OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date() } }] },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  })
  for (const { id } of lapsed) await runBatch(id)
  return lapsed.length
}
