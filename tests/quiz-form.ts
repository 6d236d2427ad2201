// A quiz answered the way a browser sends it: the quiz form's fields (app/quizzes/submission.ts),
// read back by the form's schema as the lesson action reads them.
import { randomUUID } from 'node:crypto'
import { type QuizFile } from '#app/content/schema.ts'
import { type QuizAnswers } from '#app/quizzes/grade.ts'
import { publicQuiz } from '#app/quizzes/public.ts'
import { quizFormFields, quizSubmissionSchema } from '#app/quizzes/submission.ts'
import { parseForm } from '#app/utils/validation.ts'

/** The key of a quiz written as a learner would answer it. */
export function keyAnswers(quiz: QuizFile): QuizAnswers {
  const answers: QuizAnswers = {}
  for (const q of quiz.questions) {
    if (q.type === 'single' || q.type === 'multiple' || q.type === 'order') answers[q.id] = q.answer
    else if (q.type === 'truefalse' || q.type === 'numeric') answers[q.id] = String(q.answer)
    else if (q.type === 'text') answers[q.id] = q.accept.es[0]!
    else if (q.type === 'match') answers[q.id] = Object.fromEntries(q.items.map((item) => [item.id, item.answer]))
  }
  return answers
}

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
