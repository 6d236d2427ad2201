// Keeps the Course rows (the catalogue in the database, for enrolments, payments, reports) in
// step with the compiled courses. Run at start and after a rebuild in development.
import { type PrismaClient } from '#app/generated/prisma/client.ts'
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
    await prisma.$transaction(async (tx) => {
      await tx.course.upsert({ where: { id: course.id }, create: { id: course.id, ...data }, update: data, select: { id: true } })
      const trainers = await tx.user.findMany({ where: { email: { in: course.trainers }, deletedAt: null }, select: { id: true } })
      await tx.courseTrainer.deleteMany({ where: { courseId: course.id, userId: { notIn: trainers.map((t) => t.id) } } })
      await tx.courseTrainer.createMany({ data: trainers.map((t) => ({ courseId: course.id, userId: t.id })), skipDuplicates: true })
    })
  }
}
