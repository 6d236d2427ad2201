// The trainer's view of one course: learners' progress, drop-off by lesson and quiz results.
// Four queries per page whatever the number of learners, lessons or attempts.
import { z } from 'zod'
import { type SessionUser } from '#app/accounts/auth.server.ts'
import { isCourseStaff, isSlugParam } from '#app/content/access.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { lessonIds } from '#app/progress/progress.server.ts'
import { prisma } from '#app/utils/db.server.ts'

export const LEARNERS_PAGE_SIZE = 50

/**
 * The course if this person teaches it (administrators teach every course). Another trainer's
 * course is a 403; a course that does not exist, a 404. Nothing is read from the database.
 */
export function requireTaughtCourse(user: SessionUser, courseId: unknown): ManifestCourse {
  const course = isSlugParam(courseId) ? getCourse(courseId) : undefined
  if (!course) throw new Response('Not found', { status: 404 })
  if (!isCourseStaff(user, course)) throw new Response('Forbidden', { status: 403 })
  return course
}

const LearnerRow = z.object({
  userId: z.string(),
  displayName: z.string(),
  country: z.string(),
  status: z.string(),
  enrolledAt: z.date(),
  completedLessons: z.coerce.number(),
  lastActivity: z.date().nullable(),
})

export async function courseOverview(course: ManifestCourse, page: number) {
  const ids = lessonIds(course)
  const [statuses, lessons, quizzes, learners] = await Promise.all([
    prisma.enrolment.groupBy({ by: ['status'], where: { courseId: course.id }, _count: { _all: true } }),
    // Served by LessonProgress(courseId, lessonId).
    prisma.lessonProgress.groupBy({
      by: ['lessonId'],
      where: { courseId: course.id, completedAt: { not: null } },
      _count: { _all: true },
    }),
    prisma.quizAttempt.groupBy({ by: ['quizId', 'passed'], where: { courseId: course.id }, _count: { _all: true } }),
    // A page of learners with the lessons they completed (only lessons still in the course).
    prisma.$queryRaw<unknown[]>`
      SELECT e."userId", u."displayName", u.country, e.status::text AS status, e."createdAt" AS "enrolledAt",
             coalesce(p.done, 0) AS "completedLessons", p.last AS "lastActivity"
      FROM (
        -- The page of enrolments first, so progress is read for these 50 only.
        SELECT id, "userId", "courseId", status, "createdAt" FROM "Enrollment"
        WHERE "courseId" = ${course.id}
        ORDER BY "createdAt" DESC, id
        LIMIT ${LEARNERS_PAGE_SIZE} OFFSET ${(page - 1) * LEARNERS_PAGE_SIZE}
      ) e
      JOIN "User" u ON u.id = e."userId"
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE lp."completedAt" IS NOT NULL AND lp."lessonId" = ANY(${ids})) AS done, max(lp."lastViewedAt") AS last
        FROM "LessonProgress" lp WHERE lp."userId" = e."userId" AND lp."courseId" = e."courseId"
      ) p ON true
      ORDER BY e."createdAt" DESC, e.id`,
  ])
  const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s._count._all])) as Partial<
    Record<'active' | 'completed' | 'cancelled', number>
  >
  const enrolled = (byStatus.active ?? 0) + (byStatus.completed ?? 0)
  const done = new Map(lessons.map((l) => [l.lessonId, l._count._all]))
  const quizStats = new Map<string, { attempts: number; passed: number }>()
  for (const q of quizzes) {
    const s = quizStats.get(q.quizId) ?? { attempts: 0, passed: 0 }
    s.attempts += q._count._all
    if (q.passed) s.passed += q._count._all
    quizStats.set(q.quizId, s)
  }
  return {
    enrolled,
    byStatus: { active: byStatus.active ?? 0, completed: byStatus.completed ?? 0, cancelled: byStatus.cancelled ?? 0 },
    total: enrolled + (byStatus.cancelled ?? 0),
    dropOff: ids.map((id) => ({ lessonId: id, completed: done.get(id) ?? 0 })),
    quizzes: Object.keys(course.quizzes).map((id) => ({ id, ...(quizStats.get(id) ?? { attempts: 0, passed: 0 }) })),
    learners: learners.map((r) => {
      const row = LearnerRow.parse(r)
      // A completed course stays completed (100 %) when lessons are added later (ADR 029).
      const percent =
        row.status === 'completed' ? 100 : ids.length ? Math.round((row.completedLessons / ids.length) * 100) : 0
      return { ...row, percent }
    }),
  }
}

/**
 * Translation status of each lesson: a language missing altogether (the lesson is published in the
 * other, ADR 029), or whether the two versions are in step: the same quizzes, the same key terms,
 * and reading times within half.
 */
export function translationStatus(course: ManifestCourse) {
  return course.modules.flatMap((m) =>
    m.lessons.map((l) => {
      const { en, es } = l.locales
      const problems: Array<'missingEn' | 'missingEs' | 'quizzes' | 'keyTerms' | 'minutes'> = []
      // The language the title is in, where the lesson exists in one only (its title is that one's).
      let titleLang: 'en' | 'es' | null = null
      if (l.missing) {
        problems.push(l.missing === 'en' ? 'missingEn' : 'missingEs')
        titleLang = l.missing === 'en' ? 'es' : 'en'
      } else {
        if ([...en.quizIds].sort().join() !== [...es.quizIds].sort().join()) problems.push('quizzes')
        if ([...en.keyTerms].sort().join() !== [...es.keyTerms].sort().join()) problems.push('keyTerms')
        if (Math.max(en.minutes, es.minutes) > 1.5 * Math.min(en.minutes, es.minutes)) problems.push('minutes')
      }
      return { id: l.id, module: m.slug, slug: l.slug, title: { en: en.title, es: es.title }, titleLang, problems }
    }),
  )
}
