// Quiz submissions: grade on the server the answers the quiz form's schema accepted
// (app/quiz/submission.ts), store the attempt with the quiz's version hash, and complete the
// lesson on a pass.
import { createHash } from 'node:crypto'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { type QuizFile } from '#app/content/schema.ts'
import { gradeQuiz, type QuizAnswers } from '#app/quiz/grade.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { prisma } from '#app/utils/db.server.ts'
import { issueAfterCompletion } from './certificate.server.ts'
import { markLessonComplete } from './progress.server.ts'

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

export type SubmitResult =
  | { ok: true; attemptId: string; courseCompleted?: boolean }
  | { ok: false; status: 403 | 404 | 409; error: 'bad-answers' | 'not-enrolled' | 'no-attempts-left' | 'replay'; attemptId?: string }

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
  // Both checks in one round trip, hand-written as on every hot path (findEnrollment): has this
  // form been submitted already, and is the learner enrolled?
  const [checks] = await prisma.$queryRaw<Array<{ replayId: string | null; replayUserId: string | null; enrolled: boolean }>>`
    SELECT a.id AS "replayId", a."userId" AS "replayUserId",
           EXISTS (SELECT 1 FROM "Enrollment"
                   WHERE "userId" = ${input.userId} AND "courseId" = ${input.course.id}
                     AND status IN ('active', 'completed')) AS enrolled
    FROM (SELECT 1) one
    LEFT JOIN "QuizAttempt" a ON a."submissionId" = ${input.submissionId}`
  if (checks?.replayId) return { ok: false, status: 409, error: 'replay', attemptId: checks.replayUserId === input.userId ? checks.replayId : undefined }
  if (!checks?.enrolled) return { ok: false, status: 403, error: 'not-enrolled' }
  const graded = gradeQuiz(quiz, input.answers, { convention: input.convention, lang: input.lang })
  // The same form submitted twice at once is a 409 from record() (its insert skips a known
  // submission id). The certificate is issued after the attempt is committed (a crash in between
  // is caught up at start by issueMissingCertificates).
  const result = await record(input, quiz, input.answers, graded)
  if (result.ok && result.courseCompleted) await issueAfterCompletion(input.userId, input.course)
  return result
}

function record(
  input: Parameters<typeof submitQuiz>[0],
  quiz: QuizFile,
  answers: QuizAnswers,
  graded: ReturnType<typeof gradeQuiz>,
): Promise<SubmitResult> {
  return prisma.$transaction(async (tx) => {
    // Serialise a learner's submissions for one quiz so the attempt limit holds under races.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${input.userId}:${input.course.id}:${input.quizId}`}))`
    if (quiz.maxAttempts > 0) {
      const [{ used }] = await tx.$queryRaw<[{ used: number }]>`
        SELECT count(*)::int AS used FROM "QuizAttempt"
        WHERE "userId" = ${input.userId} AND "courseId" = ${input.course.id} AND "quizId" = ${input.quizId}`
      if (used >= quiz.maxAttempts) return { ok: false, status: 409, error: 'no-attempts-left' } as const
    }
    // Hand-written (the hot path of a quiz): the id is random like Prisma's (32 hex characters
    // from gen_random_uuid), and a form submitted twice at once inserts once: the other gets no
    // row back and is told it was a replay.
    const [attempt] = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO "QuizAttempt" (id, "userId", "courseId", "quizId", "quizVersion", locale, answers, results, score, passed, "submissionId", "createdAt")
      VALUES (replace(gen_random_uuid()::text, '-', ''), ${input.userId}, ${input.course.id}, ${input.quizId}, ${quizVersion(quiz)},
              ${input.lang}::"Locale", ${JSON.stringify(answers)}::jsonb, ${JSON.stringify(graded.results)}::jsonb,
              ${graded.score}, ${graded.passed}, ${input.submissionId}, now() AT TIME ZONE 'UTC')
      ON CONFLICT ("submissionId") DO NOTHING
      RETURNING id`
    if (!attempt) return { ok: false, status: 409, error: 'replay' } as const
    const progress = graded.passed ? await markLessonComplete(input.userId, input.course, input.lessonId, tx) : null
    return { ok: true, attemptId: attempt.id, courseCompleted: progress?.completedNow ?? false } as const
  })
}
