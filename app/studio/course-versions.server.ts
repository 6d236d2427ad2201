// A course's published versions in the Studio (ADR 034 §3g): the list, and a rollback (or roll
// forward) to any of them by a trainer of the course or an administrator, through the one
// rollbackCourse that `courses:rollback` uses (audited with the actor, NOTIFY to every node).
import { z } from 'zod'
import { rollbackCourse, VersionError } from '#app/content/versions.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { intent } from '#app/utils/validation.ts'
import { OPEN_STATUSES } from './reviews.server.ts'

export const RollbackSchema = z.object({
  intent: intent('rollback'),
  number: z.coerce
    .number({ invalid_type_error: 'studio:versions.errors.number' })
    .int('studio:versions.errors.number')
    .min(1, 'studio:versions.errors.number')
    .max(1_000_000, 'studio:versions.errors.number'),
})

export type RollbackError = 'no-version' | 'current' | 'publishing'
export const ROLLBACK_ERRORS: ErrorTable<RollbackError> = {
  'no-version': { status: 404, message: 'studio:versions.errors.noVersion' },
  current: { status: 409, message: 'studio:versions.errors.current' },
  publishing: { status: 409, message: 'studio:versions.errors.publishing' },
}

/** The course's versions, newest first, with who made each. */
export async function courseVersions(courseId: string) {
  const [course, versions, open] = await Promise.all([
    prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { currentVersionId: true } }),
    prisma.courseVersion.findMany({
      where: { courseId },
      select: {
        id: true,
        number: true,
        source: true,
        baseNumber: true,
        contentHash: true,
        createdAt: true,
        createdBy: { select: { displayName: true } },
      },
      orderBy: { number: 'desc' },
    }),
    prisma.contentReview.findFirst({
      where: { courseId, status: { in: OPEN_STATUSES } },
      select: { id: true, status: true },
    }),
  ])
  return {
    openReview: open,
    versions: versions.map((v) => ({ ...v, current: v.id === course.currentVersionId })),
  }
}

/**
 * Makes version `number` the course's published version. Refused while a review is being
 * published (its job would be refused anyway, base moved; waiting says why), for the version that
 * is already published, and for a number the course does not have.
 */
export async function rollbackFromStudio(input: {
  courseId: string
  number: number
  userId: string
}): Promise<{ ok: true; droppedWithLearnerData: string[] } | { ok: false; error: RollbackError }> {
  const publishing = await prisma.contentReview.count({ where: { courseId: input.courseId, status: 'publishing' } })
  if (publishing) return { ok: false, error: 'publishing' }
  try {
    const result = await rollbackCourse(prisma, {
      courseId: input.courseId,
      number: input.number,
      actorId: input.userId,
    })
    if (!result.changed) return { ok: false, error: 'current' }
    return { ok: true, droppedWithLearnerData: result.droppedWithLearnerData }
  } catch (error) {
    if (error instanceof VersionError && error.code === 'no-version') return { ok: false, error: 'no-version' }
    throw error
  }
}
