// Progress belongs to lesson identities ("module/lesson"), never to a language or a file, so a
// learner who switches language keeps everything. A course is completed when its rule
// (course.yaml `certificate`) is met: every lesson complete and every required quiz passed.
import { z } from 'zod'
import { readWithUser, sessionUserOf, sessionUserSql } from '#app/accounts/auth.server.ts'
import { onCourseCompleted } from '#app/certificates/approval.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { EnrolmentStatus } from '#app/generated/prisma/enums.ts'
import { prisma, sqlRows } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/sql.server.ts'

type Tx = Prisma.TransactionClient

export function lessonIds(course: ManifestCourse): string[] {
  return course.modules.flatMap((m) => m.lessons.map((l) => l.id))
}

export const EnrolmentRow = z.object({
  id: z.string(),
  status: z.nativeEnum(EnrolmentStatus),
  lastLessonId: z.string().nullable(),
  completedAt: z.date().nullable(),
})

/**
 * On every lesson page, so hand-written: Prisma's query compiler costs about twice the CPU of
 * the same SQL (see `npm run bench`). Uses the unique index "Enrollment_userId_courseId_key".
 */
export async function findEnrolment(userId: string, courseId: string) {
  const rows = await prisma.$queryRaw<unknown[]>(enrolmentSql(Prisma.sql`${userId}`, courseId))
  return rows.length ? EnrolmentRow.parse(rows[0]) : null
}

/**
 * The columns of EnrolmentRow for the learner `userId` (a value, or a column of an enclosing
 * statement: readUserEnrolment). Uses the unique index "Enrollment_userId_courseId_key".
 */
export function enrolmentSql(userId: Prisma.Sql, courseId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT id, status::text AS status, "lastLessonId", "completedAt"
    FROM "Enrollment" WHERE "userId" = ${userId} AND "courseId" = ${courseId}`
}

const UserEnrolmentRow = z.object({
  enrolmentId: z.string().nullable(),
  enrolmentStatus: z.nativeEnum(EnrolmentStatus).nullable(),
  lastLessonId: z.string().nullable(),
  enrolmentCompletedAt: z.date().nullable(),
})

/**
 * The signed-in user and their enrolment in `courseId` (null: none), in one statement (a lesson's
 * forms: a quiz submission, completing a lesson, a note); the request's other guards take the user
 * from it (readWithUser: call it before the first await). Null without a session cookie; `user` null
 * for a session that is not valid. Hand-written and sent with pg (sqlRows): the quiz submission's
 * hot path, one round trip instead of two through the query compiler (ADR 027 §9).
 */
export function readUserEnrolment(request: Request, courseId: string) {
  return readWithUser(request, async (sessionId) => {
    const [raw] = await sqlRows(Prisma.sql`
      WITH u AS (${sessionUserSql(sessionId)})
      SELECT u.*, e.id AS "enrolmentId", e.status AS "enrolmentStatus", e."lastLessonId",
             e."completedAt" AS "enrolmentCompletedAt"
      FROM u LEFT JOIN LATERAL (${enrolmentSql(Prisma.sql`u.id`, courseId)}) e ON true`)
    if (!raw) return { user: null, enrolment: null }
    const row = UserEnrolmentRow.parse(raw)
    return {
      user: sessionUserOf(raw, sessionId),
      enrolment: row.enrolmentId
        ? EnrolmentRow.parse({
            id: row.enrolmentId,
            status: row.enrolmentStatus,
            lastLessonId: row.lastLessonId,
            completedAt: row.enrolmentCompletedAt,
          })
        : null,
    }
  })
}

/** "Resume" goes to the last lesson opened. One conditional write, none when unchanged. */
export async function recordView(userId: string, courseId: string, lessonId: string) {
  await prisma.enrolment.updateMany({
    where: { userId, courseId, OR: [{ lastLessonId: null }, { lastLessonId: { not: lessonId } }] },
    data: { lastLessonId: lessonId },
  })
}

/**
 * Marks a lesson complete (hand-written: it runs on every passed quiz). The first completion's
 * date is kept when a lesson is completed again (a quiz passed a second time). Times are written
 * in UTC, as Prisma writes them, whatever the database session's time zone. Runs in the caller's
 * transaction, or in one of its own: a completion it records commits with its certificate job.
 */
export async function markLessonComplete(
  userId: string,
  course: ManifestCourse,
  lessonId: string,
  tx?: Tx,
): Promise<Completion> {
  if (!tx) return prisma.$transaction((own) => markLessonComplete(userId, course, lessonId, own))
  await tx.$executeRaw(lessonCompletedSql(userId, course.id, lessonId))
  return updateCompletion(userId, course, tx)
}

/**
 * markLessonComplete's write, when `when` holds (a condition of an enclosing statement: the quiz
 * submission completes the lesson only if its attempt was stored, app/quizzes/quiz.server.ts).
 */
export function lessonCompletedSql(
  userId: string,
  courseId: string,
  lessonId: string,
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "LessonProgress" (id, "userId", "courseId", "lessonId", "completedAt", "lastViewedAt")
    SELECT ${newId()}, ${userId}, ${courseId}, ${lessonId}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
    WHERE ${when}
    ON CONFLICT ("userId", "courseId", "lessonId")
    DO UPDATE SET "completedAt" = COALESCE("LessonProgress"."completedAt", EXCLUDED."completedAt")`
}

export type CourseProgress = {
  completed: string[]
  /** 100 for a course recorded as completed, whatever was added to it since (`kept`, ADR 029). */
  percent: number
  /**
   * The course was recorded as completed (the enrolment's status): that stays, with its
   * certificate, when lessons are added later. Lessons they have not done are then `optional`.
   */
  kept: boolean
  optional: string[]
  modules: Array<{ slug: string; percent: number }>
  quizzes: Record<string, { best: number; attempts: number; passed: boolean }>
  nextLessonId: string | null
  complete: boolean
}

const ProgressRow = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lesson'), courseId: z.string(), id: z.string() }),
  z.object({ kind: z.literal('kept'), courseId: z.string() }),
  z.object({
    kind: z.literal('quiz'),
    courseId: z.string(),
    id: z.string(),
    best: z.number().nullable(),
    attempts: z.number().int(),
  }),
])

/**
 * One learner's progress in several courses (a course recorded as completed stays so: `kept`):
 * one query whatever the number of courses, lessons
 * or attempts (the dashboard's query count stays constant). On every lesson page and quiz
 * submission, so hand-written like findEnrolment: completed lessons and each quiz's best score
 * and attempt count, in one round trip (indexes LessonProgress_userId_courseId_lessonId_key and
 * QuizAttempt_userId_courseId_quizId_idx).
 */
export async function progressForCourses(
  userId: string,
  courses: ManifestCourse[],
  tx: Tx = prisma,
): Promise<Map<string, CourseProgress>> {
  // Run even for no courses: a page's query count stays the same whoever it shows.
  const raw = await tx.$queryRaw<unknown[]>(
    progressRowsSql(
      Prisma.sql`${userId}`,
      courses.map((c) => c.id),
    ),
  )
  return progressFromRows(courses, raw)
}

/**
 * The rows progressFromRows reads: completed lessons, each quiz's best score and attempt count, and
 * the courses recorded as completed, of the learner `userId` (a value, or a column of an enclosing
 * statement: readLessonView). Indexes LessonProgress_userId_courseId_lessonId_key and
 * QuizAttempt_userId_courseId_quizId_idx.
 */
export function progressRowsSql(userId: Prisma.Sql, courseIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT 'lesson' AS kind, "courseId", "lessonId" AS id, NULL::float8 AS best, NULL::int AS attempts
    FROM "LessonProgress"
    WHERE "userId" = ${userId} AND "courseId" = ANY(${courseIds}::text[]) AND "completedAt" IS NOT NULL
    UNION ALL
    SELECT 'quiz', "courseId", "quizId", max(score), count(*)::int
    FROM "QuizAttempt"
    WHERE "userId" = ${userId} AND "courseId" = ANY(${courseIds}::text[])
    GROUP BY "courseId", "quizId"
    UNION ALL
    SELECT 'kept', "courseId", "courseId", NULL, NULL
    FROM "Enrollment"
    WHERE "userId" = ${userId} AND "courseId" = ANY(${courseIds}::text[]) AND status = 'completed'`
}

/** Each course's progress from progressRowsSql's rows (parsed here). */
export function progressFromRows(courses: ManifestCourse[], raw: unknown[]): Map<string, CourseProgress> {
  const rows = raw.map((row) => ProgressRow.parse(row))
  return new Map(
    courses.map((course) => {
      const done = new Set<string>()
      const results = new Map<string, { best: number; attempts: number }>()
      let kept = false
      for (const row of rows) {
        if (row.courseId !== course.id) continue
        if (row.kind === 'lesson') done.add(row.id)
        else if (row.kind === 'kept') kept = true
        else results.set(row.id, { best: row.best ?? 0, attempts: row.attempts })
      }
      return [course.id, summarise(course, done, results, kept)]
    }),
  )
}

export async function courseProgress(userId: string, course: ManifestCourse, tx: Tx = prisma): Promise<CourseProgress> {
  return (await progressForCourses(userId, [course], tx)).get(course.id)!
}

function summarise(
  course: ManifestCourse,
  done: Set<string>,
  best: Map<string, { best: number; attempts: number }>,
  kept: boolean,
): CourseProgress {
  const ids = lessonIds(course)
  const completed = ids.filter((id) => done.has(id))
  const quizzes = Object.fromEntries(
    Object.entries(course.quizzes).map(([id, quiz]) => {
      const result = best.get(id)
      return [
        id,
        { best: result?.best ?? 0, attempts: result?.attempts ?? 0, passed: (result?.best ?? -1) >= quiz.passingScore },
      ]
    }),
  )
  const lessonsOk = !course.certificate.allLessons || completed.length === ids.length
  const quizzesOk = course.certificate.quizzes.every((id) => quizzes[id]?.passed)
  return {
    completed,
    percent: kept ? 100 : ids.length ? Math.round((completed.length / ids.length) * 100) : 0,
    kept,
    // Completion needed every lesson, so one not done since is one added after it.
    optional: kept && course.certificate.allLessons ? ids.filter((id) => !done.has(id)) : [],
    modules: course.modules.map((m) => ({
      slug: m.slug,
      percent: kept
        ? 100
        : m.lessons.length
          ? Math.round((m.lessons.filter((l) => done.has(l.id)).length / m.lessons.length) * 100)
          : 0,
    })),
    quizzes,
    nextLessonId: ids.find((id) => !done.has(id)) ?? null,
    complete: lessonsOk && quizzesOk && ids.length > 0,
  }
}

type Completion = CourseProgress & { completedNow: boolean }

/**
 * Records the course as completed once its rule is met, and reacts to it in the same transaction
 * (onCourseCompleted: the certificate job, or the approval request). `completedNow` is true only
 * for the call that recorded it.
 */
export async function updateCompletion(userId: string, course: ManifestCourse, tx: Tx): Promise<Completion> {
  const progress = await courseProgress(userId, course, tx)
  let completedNow = false
  if (progress.complete) {
    const changed = await tx.enrolment.updateMany({
      where: { userId, courseId: course.id, status: 'active' },
      data: { status: 'completed', completedAt: new Date() },
    })
    completedNow = changed.count > 0
    if (completedNow) await onCourseCompleted(tx, userId, course)
  }
  return { ...progress, completedNow }
}

/** What a learner should do next in a course (the dashboard's main action). */
export type NextStep =
  | { kind: 'lesson'; lessonId: string; started: boolean }
  | { kind: 'quiz'; lessonId: string; quizId: string }
  | { kind: 'done' }

/**
 * The next thing to do: the lesson last opened if it is not done yet; else the first lesson not
 * done after it (then from the start); with every lesson done but a required quiz not passed,
 * the lesson that holds that quiz. A completed course (recorded as such, or whose rule is met)
 * has nothing left: its certificate is next.
 */
export function nextStep(
  course: ManifestCourse,
  progress: CourseProgress,
  enrolment: { status: string; lastLessonId: string | null },
): NextStep {
  if (enrolment.status === 'completed' || progress.complete) return { kind: 'done' }
  const { lastLessonId } = enrolment
  const ids = lessonIds(course)
  const done = new Set(progress.completed)
  const last = lastLessonId ? ids.indexOf(lastLessonId) : -1
  if (last !== -1 && !done.has(ids[last]!)) return { kind: 'lesson', lessonId: ids[last]!, started: true }
  const pending = [...ids.slice(last + 1), ...ids.slice(0, last + 1)].find((id) => !done.has(id))
  if (pending) return { kind: 'lesson', lessonId: pending, started: false }
  for (const quizId of course.certificate.quizzes) {
    if (progress.quizzes[quizId]?.passed) continue
    for (const m of course.modules)
      for (const l of m.lessons)
        if (l.locales.en.quizIds.includes(quizId)) return { kind: 'quiz', lessonId: l.id, quizId }
  }
  return { kind: 'done' }
}
