// Quiz submissions: grade on the server the answers the quiz form's schema accepted
// (app/quizzes/submission.ts), store the attempt with the quiz's version hash (and that version of
// the quiz, once), and complete the lesson on a pass. A past attempt is explained against the
// version it answered.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { QuizSchema, type QuizFile } from '#app/content/schema.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { markLessonComplete } from '#app/progress/progress.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { advisoryXactLock, newId, parseRows } from '#app/utils/sql.server.ts'
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

const SubmissionChecks = z.object({
  replayId: z.string().nullable(),
  replayUserId: z.string().nullable(),
  enrolled: z.boolean(),
})
const Used = z.object({ used: z.number().int() })
const Inserted = z.object({ id: z.string() })

export type SubmitResult =
  | { ok: true; attemptId: string; courseCompleted?: boolean }
  | {
      ok: false
      status: 403 | 404 | 409
      error: 'bad-answers' | 'not-enrolled' | 'no-attempts-left' | 'replay'
      attemptId?: string
    }

export async function submitQuiz(input: {
  userId: string
  course: ManifestCourse
  lessonId: string
  quizId: string
  submissionId: string
  /** Answers the quiz form's schema accepted: every question answered, in the shape grading takes. */
  answers: QuizAnswers
  lang: Lang
  convention: 'point' | 'comma'
}): Promise<SubmitResult> {
  const quiz = input.course.quizzes[input.quizId]
  if (!quiz) return { ok: false, status: 404, error: 'bad-answers' }
  // Both checks in one round trip, hand-written as on every hot path (findEnrolment): has this
  // form been submitted already, and is the learner enrolled?
  const [checks] = parseRows(
    SubmissionChecks,
    await prisma.$queryRaw<unknown[]>`
    SELECT a.id AS "replayId", a."userId" AS "replayUserId",
           EXISTS (SELECT 1 FROM "Enrollment"
                   WHERE "userId" = ${input.userId} AND "courseId" = ${input.course.id}
                     AND status IN ('active', 'completed')) AS enrolled
    FROM (SELECT 1) one
    LEFT JOIN "QuizAttempt" a ON a."submissionId" = ${input.submissionId}`,
  )
  if (checks?.replayId)
    return {
      ok: false,
      status: 409,
      error: 'replay',
      attemptId: checks.replayUserId === input.userId ? checks.replayId : undefined,
    }
  if (!checks?.enrolled) return { ok: false, status: 403, error: 'not-enrolled' }
  const graded = gradeQuiz(quiz, input.answers, { convention: input.convention, lang: input.lang })
  // The same form submitted twice at once is a 409 from record() (its insert skips a known
  // submission id). A pass that completes the course adds the certificate job in the same
  // transaction (markLessonComplete), and a job runner issues it.
  return record(input, quiz, input.answers, graded)
}

async function record(
  input: Parameters<typeof submitQuiz>[0],
  quiz: QuizFile,
  answers: QuizAnswers,
  graded: ReturnType<typeof gradeQuiz>,
): Promise<SubmitResult> {
  const version = quizVersion(quiz)
  const key = versionKey(input.course.id, input.quizId, version)
  const storeVersion = !storedVersions.has(key)
  const result = await prisma.$transaction(async (tx) => {
    // The quiz at this version, for explaining the attempt after the quiz changes (once per process).
    if (storeVersion) {
      await tx.quizVersion.createMany({
        data: [{ courseId: input.course.id, quizId: input.quizId, version, quiz }],
        skipDuplicates: true,
      })
    }
    // Serialise a learner's submissions for one quiz so the attempt limit holds under races.
    await advisoryXactLock(tx, `quiz-attempts:${input.userId}:${input.course.id}:${input.quizId}`)
    if (quiz.maxAttempts > 0) {
      // Hand-written: on every submission of a quiz with an attempt limit (the hot path).
      const [{ used }] = parseRows(
        Used,
        await tx.$queryRaw<unknown[]>`
        SELECT count(*)::int AS used FROM "QuizAttempt"
        WHERE "userId" = ${input.userId} AND "courseId" = ${input.course.id} AND "quizId" = ${input.quizId}`,
      ) as [z.infer<typeof Used>]
      if (used >= quiz.maxAttempts) return { ok: false, status: 409, error: 'no-attempts-left' } as const
    }
    // Hand-written (the hot path of a quiz), with ON CONFLICT, which the ORM cannot say: a form
    // submitted twice at once inserts once; the other gets no row back and is told it was a replay.
    const [attempt] = parseRows(
      Inserted,
      await tx.$queryRaw<unknown[]>`
      INSERT INTO "QuizAttempt" (id, "userId", "courseId", "quizId", "quizVersion", locale, answers, results, score, passed, "submissionId", "createdAt")
      VALUES (${newId()}, ${input.userId}, ${input.course.id}, ${input.quizId}, ${version},
              ${input.lang}::"Locale", ${JSON.stringify(answers)}::jsonb, ${JSON.stringify(graded.results)}::jsonb,
              ${graded.score}, ${graded.passed}, ${input.submissionId}, now() AT TIME ZONE 'UTC')
      ON CONFLICT ("submissionId") DO NOTHING
      RETURNING id`,
    )
    if (!attempt) return { ok: false, status: 409, error: 'replay' } as const
    const progress = graded.passed ? await markLessonComplete(input.userId, input.course, input.lessonId, tx) : null
    return { ok: true, attemptId: attempt.id, courseCompleted: progress?.completedNow ?? false } as const
  })
  if (storeVersion) storedVersions.add(key)
  return result
}
