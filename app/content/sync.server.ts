// Keeps the Course rows (the catalogue in the database, for enrolments, payments, reports) in
// step with the courses. Publishing, import and rollback (versions.server.ts) write a course's row
// from its version with courseRowData in the same transaction as the pointer; syncCatalogue writes
// every row of a compiled manifest without versions (tests and tools that read content-build/).
// Who teaches a course is in CourseTrainer rows (the administrator's console); course.yaml's
// `trainers:` list is applied to them when it changed (applyFileTrainers, ADR 034 §2a), by both.
import { type PrismaClient } from '#app/generated/prisma/client.ts'
import { applyFileTrainers } from '#app/teaching/trainers.server.ts'
import { type Manifest, type ManifestCourse } from './manifest.ts'

/** The Course row's copy of a course's catalogue fields. */
export function courseRowData(course: ManifestCourse) {
  return {
    status: course.status,
    priceCents: course.priceCents,
    currency: course.currency,
    contentHash: course.contentHash,
    titleEn: course.title.en,
    titleEs: course.title.es,
    syncedAt: new Date(),
  }
}

export async function syncCatalogue(prisma: PrismaClient, manifest: Manifest) {
  for (const course of manifest.courses) {
    const data = courseRowData(course)
    await prisma.course.upsert({
      where: { id: course.id },
      create: { id: course.id, ...data },
      update: data,
      select: { id: true },
    })
  }
  await applyFileTrainers(prisma, manifest)
}
