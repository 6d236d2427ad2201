// A signed-in learner's lesson page in one round trip to the database (issue #13): who they are,
// their enrolment, progress and note, the attempt they asked to review, and "Resume"'s write, in one
// statement. Each part's SQL is its module's (the session's in accounts, the note's in notes…).
import { z } from 'zod'
import { readWithUser, sessionUserOf, sessionUserSql, type SessionUser } from '#app/accounts/auth.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { EnrolmentStatus } from '#app/generated/prisma/enums.ts'
import { noteOf, noteSql } from '#app/notes/notes.server.ts'
import { reviewedAttemptOf, reviewedAttemptSql } from '#app/quizzes/quiz.server.ts'
import { sqlRows } from '#app/utils/db.server.ts'
import { progressFromRows, progressRowsSql } from './progress.server.ts'

const LessonViewRow = z.object({
  enrolmentId: z.string().nullable(),
  enrolmentStatus: z.nativeEnum(EnrolmentStatus).nullable(),
  lastLessonId: z.string().nullable(),
  enrolmentCompletedAt: z.date().nullable(),
  progress: z.array(z.unknown()),
  note: z.unknown(),
  attempt: z.unknown(),
})

export type LessonView = Awaited<ReturnType<typeof lessonViewOf>>

/**
 * What a lesson page shows of the signed-in reader, in one statement: the session's user (null:
 * no valid session, and nothing else), their enrolment in the course, their progress and their note
 * on the lesson (null unless enrolled and not cancelled: the page shows neither then), and their
 * own attempt `attemptId` of this course (null for none, another's or another course's). The other
 * loaders of the request take the user from it (readWithUser). Null without a session cookie.
 *
 * `recordView`: "Resume" goes to this lesson, written by the same statement when the enrolment is
 * active or completed and its last lesson is another (data-modifying CTE; the rest reads the rows as
 * they were before it, as the page did when it read before writing). The caller passes false where
 * the page may still refuse the reader (a draft course: staff only) and calls recordView itself once
 * it has not.
 *
 * Hand-written (ADR 015): the lesson page is the hottest path, and one round trip instead of five.
 */
export function readLessonView(
  request: Request,
  {
    course,
    lessonId,
    attemptId,
    recordView,
  }: { course: ManifestCourse; lessonId: string; attemptId: string | null; recordView: boolean },
) {
  return readWithUser(request, async (sessionId) => {
    const uid = Prisma.sql`u.id`
    const rows = await sqlRows(Prisma.sql`
      WITH u AS (${sessionUserSql(sessionId)}),
      e AS (
        SELECT id, status, "lastLessonId", "completedAt" FROM "Enrollment"
        WHERE "userId" = (SELECT id FROM u) AND "courseId" = ${course.id}),
      viewed AS (
        UPDATE "Enrollment" SET "lastLessonId" = ${lessonId}
        WHERE ${recordView} AND id = (SELECT id FROM e WHERE status <> 'cancelled')
          AND "lastLessonId" IS DISTINCT FROM ${lessonId}
        RETURNING id)
      SELECT u.*, e.id AS "enrolmentId", e.status::text AS "enrolmentStatus", e."lastLessonId",
             e."completedAt" AS "enrolmentCompletedAt",
             CASE WHEN e.status <> 'cancelled' THEN
               (SELECT coalesce(json_agg(p), '[]'::json) FROM (${progressRowsSql(uid, [course.id])}) p)
             ELSE '[]'::json END AS progress,
             CASE WHEN e.status <> 'cancelled' THEN
               (SELECT row_to_json(n) FROM (${noteSql(uid, course.id, lessonId)}) n)
             END AS note,
             (${reviewedAttemptSql(uid, course.id, attemptId)}) AS attempt
      FROM u LEFT JOIN e ON true`)
    return lessonViewOf(rows[0], sessionId, course)
  })
}

function lessonViewOf(raw: unknown, sessionId: string, course: ManifestCourse) {
  if (!raw) return { user: null, enrolment: null, progress: null, note: null, attempt: null }
  const user: SessionUser = sessionUserOf(raw, sessionId)
  const row = LessonViewRow.parse(raw)
  const enrolment = row.enrolmentId
    ? {
        id: row.enrolmentId,
        status: row.enrolmentStatus!,
        lastLessonId: row.lastLessonId,
        completedAt: row.enrolmentCompletedAt,
      }
    : null
  const enrolled = Boolean(enrolment && enrolment.status !== 'cancelled')
  return {
    user,
    enrolment,
    progress: enrolled ? progressFromRows([course], row.progress).get(course.id)! : null,
    note: enrolled ? noteOf(row.note) : null,
    attempt: reviewedAttemptOf(row.attempt),
  }
}
