// Quiz submissions: grade on the server the answers the quiz form's schema accepted
// (app/quizzes/submission.ts), store the attempt with the quiz's version hash (and that version of
// the quiz, once), and complete the lesson on a pass. A past attempt is explained against the
// version it answered.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { QuizSchema, type QuizFile } from '#app/content/schema.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { EnrolmentStatus } from '#app/generated/prisma/enums.ts'
import {
  lessonCompletedSql,
  progressFromRows,
  progressRowsSql,
  updateCompletion,
} from '#app/progress/progress.server.ts'
import { prisma, sqlRows, sqlTransaction } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { advisoryXactLock, advisoryXactLockSql, newId } from '#app/utils/sql.server.ts'
import { gradeQuiz, type QuizAnswers } from './grade.ts'

// The manifest's quiz objects live as long as the loaded content: hash each once.
const versions = new WeakMap<QuizFile, string>()

export function quizVersion(quiz: QuizFile): string {
  let version = versions.get(quiz)
  if (!version) {
    version = createHash('sha256').update(JSON.stringify(quiz)).digest('hex').slice(0, 16)
    versions.set(quiz, version)
  }
  return version
}

// The quiz versions this process has stored (QuizVersion), marked once their transaction
// committed: each version is written by the first submission that answers it, not by every one.
const storedVersions = new Set<string>()
const versionKey = (courseId: string, quizId: string, version: string) => `${courseId}\u0000${quizId}\u0000${version}`

/**
 * The quiz as it was when an attempt answered it: today's quiz when the version is today's (no
 * query), else the stored version. Null for a version never stored (attempts made before versions
 * were kept): such an attempt has its score but no per-question review.
 */
export async function quizAtVersion(course: ManifestCourse, quizId: string, version: string): Promise<QuizFile | null> {
  const current = course.quizzes[quizId]
  if (current && quizVersion(current) === version) return current
  const stored = await prisma.quizVersion.findUnique({
    where: { courseId_quizId_version: { courseId: course.id, quizId, version } },
    select: { quiz: true },
  })
  return stored ? QuizSchema.parse(stored.quiz) : null
}

/**
 * One of the learner `userId`'s attempts in a course, for its review on the lesson page, as one JSON
 * column (reviewedAttemptOf parses it). Part of the lesson page's one statement (readLessonView), so
 * hand-written; uses QuizAttempt_pkey. `attemptId` null: none.
 */
export function reviewedAttemptSql(userId: Prisma.Sql, courseId: string, attemptId: string | null): Prisma.Sql {
  return Prisma.sql`
    SELECT json_build_object('quizId', "quizId", 'quizVersion', "quizVersion", 'answers', answers,
                             'results', results, 'score', score, 'passed', passed)
    FROM "QuizAttempt" WHERE id = ${attemptId} AND "userId" = ${userId} AND "courseId" = ${courseId}`
}

const ReviewedAttempt = z.object({
  quizId: z.string(),
  quizVersion: z.string(),
  answers: z.unknown(),
  results: z.unknown(),
  score: z.number(),
  passed: z.boolean(),
})
export type ReviewedAttempt = z.infer<typeof ReviewedAttempt>

export function reviewedAttemptOf(value: unknown): ReviewedAttempt | null {
  return value === null || value === undefined ? null : ReviewedAttempt.parse(value)
}

// What the attempt's statement says (attemptSql): the attempt stored, or why not.
const AttemptRow = z.object({
  attemptId: z.string().nullable(),
  replayId: z.string().nullable(),
  replayUserId: z.string().nullable(),
  enrolmentStatus: z.nativeEnum(EnrolmentStatus).nullable(),
  used: z.number().int(),
  progress: z.array(z.unknown()),
})
type AttemptRow = z.infer<typeof AttemptRow>

export type SubmitResult =
  | { ok: true; attemptId: string; courseCompleted?: boolean }
  | {
      ok: false
      status: 403 | 404 | 409
      error: 'bad-answers' | 'not-enrolled' | 'no-attempts-left' | 'replay'
      attemptId?: string
    }

type SubmitInput = {
  userId: string
  course: ManifestCourse
  lessonId: string
  quizId: string
  submissionId: string
  /** Answers the quiz form's schema accepted: every question answered, in the shape grading takes. */
  answers: QuizAnswers
  lang: Lang
  convention: 'point' | 'comma'
}

/**
 * Grades the answers on the server and stores the attempt, with its checks (enrolled, the attempt
 * limit, a form not already submitted) in the statement that inserts it; a pass completes the
 * lesson in the same statement. The caller has checked the enrolment (readUserEnrolment): these
 * checks are the insert's own conditions, which also hold for a learner who left the course or a
 * form posted twice at once meanwhile.
 */
export async function submitQuiz(input: SubmitInput): Promise<SubmitResult> {
  const quiz = input.course.quizzes[input.quizId]
  if (!quiz) return { ok: false, status: 404, error: 'bad-answers' }
  const graded = gradeQuiz(quiz, input.answers, { convention: input.convention, lang: input.lang })
  return record(input, quiz, graded)
}

// Thrown inside the fast transaction to roll it back: this pass may complete the course, which
// Prisma's transaction records (updateCompletion, onCourseCompleted).
const MAY_COMPLETE = Symbol('may-complete')

/**
 * Round trips (ADR 027 §9): a quiz with an attempt limit takes a lock that serialises the
 * learner's submissions of it, so that the insert's count sees every committed attempt: BEGIN, the
 * lock, the statement, COMMIT, sent with pg (sqlTransaction). Without a limit and without a pass
 * the statement alone (it is atomic). A pass that may complete the course (its rule met with this
 * lesson and quiz) is rolled back and made again in Prisma's transaction, where the course is
 * recorded as completed and its certificate job added (updateCompletion): once per learner and course.
 */
async function record(input: SubmitInput, quiz: QuizFile, graded: ReturnType<typeof gradeQuiz>): Promise<SubmitResult> {
  const version = quizVersion(quiz)
  const key = versionKey(input.course.id, input.quizId, version)
  // The quiz at this version, for explaining the attempt after the quiz changes (once per process;
  // a version stored for an attempt that is then refused is harmless).
  if (!storedVersions.has(key)) {
    await prisma.quizVersion.createMany({
      data: [{ courseId: input.course.id, quizId: input.quizId, version, quiz }],
      skipDuplicates: true,
    })
    storedVersions.add(key)
  }
  const statement = attemptSql(input, quiz, version, graded)
  const limited = quiz.maxAttempts > 0
  // Serialise a learner's submissions for one quiz so the attempt limit holds under races.
  const lock = `quiz-attempts:${input.userId}:${input.course.id}:${input.quizId}`
  try {
    const row =
      !limited && !graded.passed
        ? AttemptRow.parse((await sqlRows(statement))[0])
        : await sqlTransaction(async (run) => {
            if (limited) await run(advisoryXactLockSql(lock))
            const stored = AttemptRow.parse((await run(statement))[0])
            if (stored.attemptId && graded.passed && mayComplete(input, graded, stored)) throw MAY_COMPLETE
            return stored
          })
    return outcome(input, quiz, row)
  } catch (error) {
    if (error !== MAY_COMPLETE) throw error
  }
  return prisma.$transaction(async (tx) => {
    await advisoryXactLock(tx, lock)
    const row = AttemptRow.parse((await tx.$queryRaw<unknown[]>(statement))[0])
    const result = outcome(input, quiz, row)
    if (!result.ok) return result
    const progress = await updateCompletion(input.userId, input.course, tx)
    return { ...result, courseCompleted: progress.completedNow }
  })
}

/**
 * One statement: the attempt inserted if the learner is enrolled (active or completed), has
 * attempts left (counted under the caller's lock) and the form was not submitted before (a form
 * submitted twice at once inserts once: ON CONFLICT, which the ORM cannot say); on a pass the lesson
 * completed too (lessonCompletedSql); and what the refusals need: the attempt a replayed form made,
 * the enrolment, the attempts counted, and on a pass the course's progress before this attempt.
 * Hand-written: the quiz's hot path (ADR 015). Indexes QuizAttempt_submissionId_key,
 * QuizAttempt_userId_courseId_quizId_idx, Enrollment_userId_courseId_key.
 */
function attemptSql(
  input: SubmitInput,
  quiz: QuizFile,
  version: string,
  graded: ReturnType<typeof gradeQuiz>,
): Prisma.Sql {
  const { userId, course, quizId, submissionId } = input
  return Prisma.sql`
    WITH e AS (SELECT status FROM "Enrollment" WHERE "userId" = ${userId} AND "courseId" = ${course.id}),
    used AS (
      SELECT CASE WHEN ${quiz.maxAttempts}::int > 0 THEN
        (SELECT count(*)::int FROM "QuizAttempt"
         WHERE "userId" = ${userId} AND "courseId" = ${course.id} AND "quizId" = ${quizId})
      ELSE 0 END AS n),
    ins AS (
      INSERT INTO "QuizAttempt" (id, "userId", "courseId", "quizId", "quizVersion", locale, answers, results, score, passed, "submissionId", "createdAt")
      SELECT ${newId()}, ${userId}, ${course.id}, ${quizId}, ${version}, ${input.lang}::"Locale",
             ${JSON.stringify(input.answers)}::jsonb, ${JSON.stringify(graded.results)}::jsonb,
             ${graded.score}::float8, ${graded.passed}::boolean, ${submissionId}, now() AT TIME ZONE 'UTC'
      WHERE EXISTS (SELECT 1 FROM e WHERE status IN ('active', 'completed'))
        AND (${quiz.maxAttempts}::int = 0 OR (SELECT n FROM used) < ${quiz.maxAttempts}::int)
      ON CONFLICT ("submissionId") DO NOTHING
      RETURNING id),
    lesson AS (${lessonCompletedSql(userId, course.id, input.lessonId, Prisma.sql`${graded.passed}::boolean AND EXISTS (SELECT 1 FROM ins)`)})
    SELECT (SELECT id FROM ins) AS "attemptId", r.id AS "replayId", r."userId" AS "replayUserId",
           (SELECT status::text FROM e) AS "enrolmentStatus", (SELECT n FROM used) AS used,
           CASE WHEN ${graded.passed}::boolean THEN
             (SELECT coalesce(json_agg(p), '[]'::json) FROM (${progressRowsSql(Prisma.sql`${userId}`, [course.id])}) p)
           ELSE '[]'::json END AS progress
    FROM (SELECT 1) one
    LEFT JOIN "QuizAttempt" r ON r."submissionId" = ${submissionId}`
}

/** The submission's result from the statement's row. */
function outcome(input: SubmitInput, quiz: QuizFile, row: AttemptRow): SubmitResult {
  if (row.attemptId) return { ok: true, attemptId: row.attemptId, courseCompleted: false }
  // A form submitted before: its attempt, to show, if it is this learner's.
  if (row.replayId)
    return {
      ok: false,
      status: 409,
      error: 'replay',
      attemptId: row.replayUserId === input.userId ? row.replayId : undefined,
    }
  if (row.enrolmentStatus !== 'active' && row.enrolmentStatus !== 'completed')
    return { ok: false, status: 403, error: 'not-enrolled' }
  if (quiz.maxAttempts > 0 && row.used >= quiz.maxAttempts) return { ok: false, status: 409, error: 'no-attempts-left' }
  // The same form submitted at the same moment, stored by the other request (not yet visible here).
  return { ok: false, status: 409, error: 'replay' }
}

/**
 * Whether this pass may complete the course: an active enrolment whose rule (summarise) is met by
 * the progress before this attempt, with this lesson completed and this quiz passed. Only `complete`
 * is read of that progress. False for an enrolment already recorded as completed (nothing to record).
 */
function mayComplete(input: SubmitInput, graded: ReturnType<typeof gradeQuiz>, row: AttemptRow): boolean {
  if (row.enrolmentStatus !== 'active') return false
  const { course, lessonId, quizId } = input
  const after = [
    ...row.progress,
    { kind: 'lesson', courseId: course.id, id: lessonId },
    { kind: 'quiz', courseId: course.id, id: quizId, best: graded.score, attempts: row.used + 1 },
  ]
  return progressFromRows([course], after).get(course.id)!.complete
}
