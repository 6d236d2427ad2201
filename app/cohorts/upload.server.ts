// Cohort import, step 2: a clean file (csv.server.ts) is stored in PostgreSQL with its rows (so
// any app node can run it) and shown as a dry run: who would get an account, who is already
// enrolled.
import { createHash } from 'node:crypto'
import { audit } from '#app/audit/audit.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type CohortRow } from './csv.server.ts'

/** A row's person: the account the import finds or makes, and the certificate name (CohortRow). */
export const COHORT_PERSON_SELECT = {
  email: true,
  displayName: true,
  certificateName: true,
  country: true,
  organisation: true,
  organisationType: true,
  locale: true,
} satisfies Prisma.CohortImportRowSelect

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Stores a clean upload as a previewed job (nothing imported yet); audited. */
export async function storeCohortUpload(input: {
  actorId: string
  courseId: string
  cohortName: string
  fileName: string
  bytes: Uint8Array
  rows: CohortRow[]
}): Promise<string> {
  const { actorId, courseId, cohortName, fileName, bytes, rows } = input
  return prisma.$transaction(async (tx) => {
    const job = await tx.cohortImport.create({
      data: {
        cohortName,
        courseId,
        createdById: actorId,
        fileName,
        contentHash: contentHash(bytes),
        csv: new TextDecoder().decode(bytes),
        totalRows: rows.length,
        rows: { createMany: { data: rows } },
      },
      select: { id: true },
    })
    await audit(tx, {
      actorId,
      action: 'cohort.upload',
      subject: `course:${courseId}`,
      data: { importId: job.id, cohort: cohortName, fileName, rows: rows.length },
    })
    return job.id
  })
}

/** The dry run: what the import would do with each row, counted. */
export async function previewCohortImport(importId: string) {
  const job = await prisma.cohortImport.findUnique({
    where: { id: importId },
    select: {
      id: true,
      cohortName: true,
      courseId: true,
      fileName: true,
      contentHash: true,
      status: true,
      totalRows: true,
      processedRows: true,
      createdAt: true,
      startedAt: true,
      completedAt: true,
    },
  })
  if (!job) return null
  const rows = await prisma.cohortImportRow.findMany({
    where: { importId },
    select: { rowNumber: true, ...COHORT_PERSON_SELECT, outcome: true, invitedAt: true },
    orderBy: { rowNumber: 'asc' },
  })
  const emails = rows.map((r) => r.email)
  const [users, enrolled, sameFile] = await Promise.all([
    prisma.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } }),
    // A cancelled enrolment is re-opened by the import (enrol), so it is not "already enrolled".
    prisma.enrolment.findMany({
      where: { courseId: job.courseId, status: { not: 'cancelled' }, user: { email: { in: emails } } },
      select: { user: { select: { email: true } } },
    }),
    prisma.cohortImport.findFirst({
      where: { contentHash: job.contentHash, courseId: job.courseId, status: 'completed', id: { not: job.id } },
      select: { completedAt: true },
    }),
  ])
  const known = new Set(users.map((u) => u.email))
  const inCourse = new Set(enrolled.map((e) => e.user.email))
  const planned = rows.map((r) => ({
    ...r,
    plan: inCourse.has(r.email)
      ? ('already_enrolled' as const)
      : known.has(r.email)
        ? ('existing' as const)
        : ('create' as const),
  }))
  return {
    job,
    rows: planned,
    counts: {
      create: planned.filter((r) => r.plan === 'create').length,
      existing: planned.filter((r) => r.plan === 'existing').length,
      alreadyEnrolled: planned.filter((r) => r.plan === 'already_enrolled').length,
      invited: rows.filter((r) => r.invitedAt).length,
    },
    importedBefore: sameFile?.completedAt ?? null,
  }
}
