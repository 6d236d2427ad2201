// Cohort import, step 3: startCohortImport marks it running and adds its `cohort:import` job in
// one transaction; a job runner runs runCohortImport (ADR 012): batches of rows, each in one
// transaction that first moves the import's `processedRows` cursor from where it was (a second run
// finds it moved and skips the batch). A run retried after a crash or a restart resumes at the
// cursor; accounts and enrolments are idempotent (unique e-mail, unique enrolment), and each
// invitation (invitation.server.ts) is queued in the transaction that creates the account, so none
// is lost or sent twice. Re-importing the same file changes nothing.
import { audit } from '#app/audit/audit.server.ts'
import { enrolMany } from '#app/enrolment/enrol.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { enqueue, JobInterrupted, type JobRun } from '#app/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { isUniqueViolation } from '#app/utils/sql.server.ts'
import { queueInvitation, queueMissingInvitations } from './invitation.server.ts'
import { COHORT_PERSON_SELECT } from './upload.server.ts'

export const IMPORT_BATCH = 100

/**
 * Starts the import: finds or makes the cohort, marks it running and audits it, once, and adds
 * the job that runs it, in one transaction. Pressed again while it runs ("Continue the import",
 * after a node died with it), it adds the job again: a run of the same import is harmless (the
 * cursor). Returns false if the import does not exist.
 */
export async function startCohortImport(input: { actorId: string; importId: string }): Promise<boolean> {
  const { actorId, importId } = input
  return prisma.$transaction(async (tx) => {
    const job = await tx.cohortImport.findUnique({
      where: { id: importId },
      select: { id: true, status: true, courseId: true, cohortName: true, totalRows: true },
    })
    if (!job) return false
    if (job.status === 'completed') return true
    await enqueue(tx, 'cohort:import', { importId }, { jobKey: `cohort-import:${importId}` })
    if (job.status === 'running') return true
    const cohort = await tx.cohort.upsert({
      where: { courseId_name: { courseId: job.courseId, name: job.cohortName } },
      create: { courseId: job.courseId, name: job.cohortName, createdById: actorId },
      update: {},
      select: { id: true },
    })
    const claimed = await tx.cohortImport.updateMany({
      where: { id: importId, status: 'previewed' },
      data: { status: 'running', startedAt: new Date(), cohortId: cohort.id },
    })
    if (claimed.count === 1) {
      await audit(tx, {
        actorId,
        action: 'cohort.import',
        subject: `course:${job.courseId}`,
        data: { importId, cohort: job.cohortName, rows: job.totalRows },
      })
    }
    return true
  })
}

type Tx = Prisma.TransactionClient

async function importBatch(importId: string, start: number): Promise<'done' | 'skipped'> {
  return prisma.$transaction(
    async (tx: Tx) => {
      const job = await tx.cohortImport.findUniqueOrThrow({
        where: { id: importId },
        select: { courseId: true, cohortId: true, totalRows: true },
      })
      const rows = await tx.cohortImportRow.findMany({
        where: { importId },
        select: { id: true, ...COHORT_PERSON_SELECT },
        orderBy: { rowNumber: 'asc' },
        skip: start,
        take: IMPORT_BATCH,
      })
      // The cursor moves first: a concurrent runner waits on this row, then finds it moved.
      const claimed = await tx.cohortImport.updateMany({
        where: { id: importId, status: 'running', processedRows: start },
        data: { processedRows: start + rows.length },
      })
      if (claimed.count === 0) return 'skipped'
      const emails = rows.map((r) => r.email)
      const existing = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })
      const idByEmail = new Map(existing.map((u) => [u.email, u.id]))
      const created = new Set<string>()
      for (const row of rows) {
        if (idByEmail.has(row.email)) continue
        const user = await tx.user.create({
          data: {
            email: row.email,
            displayName: row.displayName,
            certificateName: row.certificateName,
            country: row.country,
            organisation: row.organisation,
            organisationType: row.organisationType,
            preferredLocale: row.locale,
          },
          select: { id: true },
        })
        idByEmail.set(row.email, user.id)
        created.add(row.email)
      }
      // A cancelled enrolment is re-opened by the cohort; an active or completed one stays as is.
      const enrolled = await enrolMany(
        rows.map((row) => ({
          userId: idByEmail.get(row.email)!,
          courseId: job.courseId,
          source: 'cohort' as const,
          cohortId: job.cohortId,
        })),
        tx,
      )
      for (const [index, row] of rows.entries()) {
        const userId = idByEmail.get(row.email)!
        const outcome = created.has(row.email)
          ? 'created'
          : enrolled[index]!.outcome === 'already-enrolled'
            ? 'already_enrolled'
            : 'existing'
        await tx.cohortImportRow.update({ where: { id: row.id }, data: { userId, outcome }, select: { id: true } })
        if (outcome === 'created') await queueInvitation(tx, { ...row, userId }, job.courseId)
      }
      return 'done'
    },
    { maxWait: 20_000, timeout: 60_000 },
  )
}

/**
 * The `cohort:import` task: runs the import to the end from wherever it is. Safe to run again,
 * and concurrently. `signal` stops it between two batches (the runner is stopping; the job is
 * retried and resumes); `stopAfterBatches` stops it early, as a crash would (tests).
 */
export async function runCohortImport(
  importId: string,
  { signal, stopAfterBatches = Infinity }: JobRun & { stopAfterBatches?: number } = {},
) {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (attempt >= stopAfterBatches) return
    if (signal?.aborted) throw new JobInterrupted('cohort import')
    const job = await prisma.cohortImport.findUnique({
      where: { id: importId },
      select: { status: true, processedRows: true, totalRows: true },
    })
    if (!job || job.status !== 'running') return
    if (job.processedRows >= job.totalRows) break
    try {
      await importBatch(importId, job.processedRows)
    } catch (error) {
      // Someone signed up with one of these addresses meanwhile: the batch rolled back; redo it.
      if (!isUniqueViolation(error)) throw error
    }
  }
  await queueMissingInvitations(importId)
  await prisma.cohortImport.updateMany({
    where: { id: importId, status: 'running', processedRows: { gte: prisma.cohortImport.fields.totalRows } },
    data: { status: 'completed', completedAt: new Date(), csv: '' },
  })
}
