// Keeps the Course rows (the catalogue in the database, for enrolments, payments, reports) in
// step with the compiled courses. Run at start and after a rebuild in development. Who teaches a
// course is in CourseTrainer rows (the administrator's console); course.yaml's `trainers:` list is
// applied to them when it changed (applyFileTrainers, ADR 034 §2).
import { type PrismaClient } from '#app/generated/prisma/client.ts'
import { applyFileTrainers } from '#app/teaching/trainers.server.ts'
import { type Manifest } from './manifest.ts'

export async function syncCatalogue(prisma: PrismaClient, manifest: Manifest) {
  for (const course of manifest.courses) {
    const data = {
      status: course.status,
      priceCents: course.priceCents,
      currency: course.currency,
      contentHash: course.contentHash,
      titleEn: course.title.en,
      titleEs: course.title.es,
      syncedAt: new Date(),
    }
    await prisma.course.upsert({
      where: { id: course.id },
      create: { id: course.id, ...data },
      update: data,
      select: { id: true },
    })
  }
  await applyFileTrainers(prisma, manifest)
}
