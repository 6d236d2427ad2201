// Quiz submissions: read the form, refuse anything malformed (4xx, nothing recorded), grade on
// the server, store the attempt with the quiz's version hash, and complete the lesson on a pass.
import { createHash } from 'node:crypto'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { type QuizFile } from '#app/content/schema.ts'
import { gradeQuiz, validateAnswers, type QuizAnswers } from '#app/quiz/grade.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { prisma } from '#app/utils/db.server.ts'
import { markLessonComplete } from './progress.server.ts'

export const MAX_QUIZ_FIELDS = 400
const FIELD = /^q\.([a-z0-9-]{1,80})(?:\.([a-z0-9-]{1,80}))?$/

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

/**
 * Form fields to answers: `q.<question>` (one value, or several for "multiple"), `q.<question>.<item>`
 * for match (the chosen category) and order (the position chosen for that option, 1..n).
 */
export function answersFromForm(quiz: QuizFile, formData: FormData): QuizAnswers | 'bad-form' {
  const answers: Record<string, unknown> = {}
  let fields = 0
  for (const [name, value] of formData.entries()) {
    if (!name.startsWith('q.')) continue
    if (++fields > MAX_QUIZ_FIELDS || typeof value !== 'string') return 'bad-form'
    const match = name.match(FIELD)
    if (!match) return 'bad-form'
    const [, questionId, sub] = match as unknown as [string, string, string | undefined]
    const question = quiz.questions.find((q) => q.id === questionId)
    if (!question) {
      answers[questionId] = value // validateAnswers reports the unknown question
      continue
    }
    if (question.type === 'multiple') {
      if (sub) return 'bad-form'
      answers[questionId] = [...((answers[questionId] as string[] | undefined) ?? []), value]
    } else if (question.type === 'match' || question.type === 'order') {
      if (!sub) return 'bad-form'
      const map = (answers[questionId] as Record<string, string> | undefined) ?? {}
      if (sub in map) return 'bad-form'
      map[sub] = value
      answers[questionId] = map
    } else {
      if (sub || questionId in answers) return 'bad-form'
      answers[questionId] = value
    }
  }
  // Order: positions chosen per option -> the options in the learner's order.
  for (const question of quiz.questions) {
    if (question.type !== 'order' || !answers[question.id]) continue
    const positions = answers[question.id] as Record<string, string>
    const entries = Object.entries(positions).map(([id, position]) => [id, Number(position)] as const)
    if (entries.some(([, p]) => !Number.isInteger(p) || p < 1 || p > question.options.length)) return 'bad-form'
    if (new Set(entries.map(([, p]) => p)).size !== entries.length) return 'bad-form'
    answers[question.id] = entries.sort((a, b) => a[1] - b[1]).map(([id]) => id)
  }
  return answers
}

export type SubmitResult =
  | { ok: true; attemptId: string; courseCompleted?: boolean }
  | { ok: false; status: 400 | 403 | 404 | 409; error: 'bad-answers' | 'not-enrolled' | 'no-attempts-left' | 'replay'; attemptId?: string }

export async function submitQuiz(input: {
  userId: string
  course: ManifestCourse
  lessonId: string
  quizId: string
  submissionId: string
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
  const valid = validateAnswers(quiz, input.answers)
  if (!valid.ok) return { ok: false, status: 400, error: 'bad-answers' }
  const graded = gradeQuiz(quiz, valid.answers, { convention: input.convention, lang: input.lang })
  // The same form submitted twice at once is a 409 from record() (its insert skips a known
  // submission id). A pass that completes the course adds the certificate job in the same
  // transaction (markLessonComplete), and a job runner issues it.
  return record(input, quiz, valid.answers, graded)
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
