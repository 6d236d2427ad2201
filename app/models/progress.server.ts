// Progress belongs to lesson identities ("module/lesson"), never to a language or a file, so a
// learner who switches language keeps everything. A course is completed when its rule
// (course.yaml `certificate`) is met: every lesson complete and every required quiz passed.
import { type ManifestCourse } from '#app/content/manifest.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

type Tx = Prisma.TransactionClient

export function lessonIds(course: ManifestCourse): string[] {
  return course.modules.flatMap((m) => m.lessons.map((l) => l.id))
}

export function findEnrollment(userId: string, courseId: string) {
  return prisma.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId } },
    select: { id: true, status: true, lastLessonId: true, completedAt: true },
  })
}

/** Free courses: enrol oneself. Idempotent (unique per user and course). */
export async function enrolFree(userId: string, course: ManifestCourse) {
  await prisma.enrollment.upsert({
    where: { userId_courseId: { userId, courseId: course.id } },
    create: { userId, courseId: course.id, source: 'free' },
    update: {},
    select: { id: true },
  })
}

/** "Resume" goes to the last lesson opened. One conditional write, none when unchanged. */
export async function recordView(userId: string, courseId: string, lessonId: string) {
  await prisma.enrollment.updateMany({
    where: { userId, courseId, OR: [{ lastLessonId: null }, { lastLessonId: { not: lessonId } }] },
    data: { lastLessonId: lessonId },
  })
}

export async function markLessonComplete(userId: string, course: ManifestCourse, lessonId: string, tx: Tx = prisma) {
  await tx.lessonProgress.upsert({
    where: { userId_courseId_lessonId: { userId, courseId: course.id, lessonId } },
    create: { userId, courseId: course.id, lessonId, completedAt: new Date() },
    update: { completedAt: new Date() },
    select: { id: true },
  })
  return updateCompletion(userId, course, tx)
}

/** Best result per quiz for one learner in one course. */
export async function bestQuizResults(userId: string, courseId: string, tx: Tx = prisma) {
  const rows = await tx.quizAttempt.groupBy({
    by: ['quizId'],
    where: { userId, courseId },
    _max: { score: true },
    _count: { _all: true },
  })
  return new Map(rows.map((r) => [r.quizId, { best: r._max.score ?? 0, attempts: r._count._all }]))
}

export type CourseProgress = {
  completed: string[]
  percent: number
  modules: Array<{ slug: string; percent: number }>
  quizzes: Record<string, { best: number; attempts: number; passed: boolean }>
  nextLessonId: string | null
  complete: boolean
}

/** Everything the dashboard and the reader show about one learner's progress in a course: two queries. */
export async function courseProgress(userId: string, course: ManifestCourse, tx: Tx = prisma): Promise<CourseProgress> {
  const [rows, best] = await Promise.all([
    tx.lessonProgress.findMany({ where: { userId, courseId: course.id, completedAt: { not: null } }, select: { lessonId: true } }),
    bestQuizResults(userId, course.id, tx),
  ])
  const done = new Set(rows.map((r) => r.lessonId))
  const ids = lessonIds(course)
  const completed = ids.filter((id) => done.has(id))
  const quizzes = Object.fromEntries(
    Object.entries(course.quizzes).map(([id, quiz]) => {
      const result = best.get(id)
      return [id, { best: result?.best ?? 0, attempts: result?.attempts ?? 0, passed: (result?.best ?? -1) >= quiz.passingScore }]
    }),
  )
  const lessonsOk = !course.certificate.allLessons || completed.length === ids.length
  const quizzesOk = course.certificate.quizzes.every((id) => quizzes[id]?.passed)
  return {
    completed,
    percent: ids.length ? Math.round((completed.length / ids.length) * 100) : 0,
    modules: course.modules.map((m) => ({
      slug: m.slug,
      percent: m.lessons.length ? Math.round((m.lessons.filter((l) => done.has(l.id)).length / m.lessons.length) * 100) : 0,
    })),
    quizzes,
    nextLessonId: ids.find((id) => !done.has(id)) ?? null,
    complete: lessonsOk && quizzesOk && ids.length > 0,
  }
}

/** Records the course as completed once its rule is met (the certificate issue hooks in here). */
export async function updateCompletion(userId: string, course: ManifestCourse, tx: Tx = prisma) {
  const progress = await courseProgress(userId, course, tx)
  if (progress.complete) {
    await tx.enrollment.updateMany({
      where: { userId, courseId: course.id, status: 'active' },
      data: { status: 'completed', completedAt: new Date() },
    })
  }
  return progress
}
