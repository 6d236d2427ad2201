// A quiz answered the way a browser sends it: the quiz form's fields (app/quizzes/submission.ts),
// read back by the form's schema as the lesson action reads them.
import { randomUUID } from 'node:crypto'
import { type QuizFile } from '#app/content/schema.ts'
import { type QuizAnswers } from '#app/quizzes/grade.ts'
import { publicQuiz } from '#app/quizzes/public.ts'
import { quizFormFields, quizSubmissionSchema } from '#app/quizzes/submission.ts'
import { parseForm } from '#app/utils/validation.ts'

/** Every field of a quiz form answering with `answers` (to post, or to parse). */
export function quizForm(
  quiz: QuizFile,
  answers: QuizAnswers,
  submissionId: string = randomUUID(),
): Array<[string, string]> {
  return [
    ['intent', 'submit-quiz'],
    ['quizId', quiz.id],
    ['submissionId', submissionId],
    ...quizFormFields(publicQuiz(quiz, 'en'), answers),
  ]
}

/** The answers as grading receives them, or the messages the schema gave. */
export function submitThroughForm(
  quiz: QuizFile,
  answers: QuizAnswers,
  extra: Array<[string, string]> = [],
): { ok: true; answers: QuizAnswers } | { ok: false; error: string; errors: Record<string, string[] | null> } {
  const formData = new FormData()
  for (const [name, value] of [...quizForm(quiz, answers), ...extra]) formData.append(name, value)
  const submission = parseForm(formData, quizSubmissionSchema(publicQuiz(quiz, 'en')))
  if (submission.status === 'success') return { ok: true, answers: submission.value.answers }
  return { ok: false, error: JSON.stringify(submission.error), errors: submission.error ?? {} }
}
