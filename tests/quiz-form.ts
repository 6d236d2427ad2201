// A quiz answered the way a browser sends it: the quiz form's fields (app/quizzes/submission.ts),
// read back by the form's schema as the lesson action reads them.
import { randomUUID } from 'node:crypto'
import { QuizSchema, type QuizFile } from '#app/content/schema.ts'
import { type QuizAnswers } from '#app/quizzes/grade.ts'
import { publicQuiz } from '#app/quizzes/public.ts'
import { quizFormFields, quizSubmissionSchema } from '#app/quizzes/submission.ts'
import { parseForm } from '#app/utils/validation.ts'

const t = (en: string, es = en) => ({ en, es })
const opt = (id: string) => ({ id, text: t(id) })
const base = (id: string) => ({ id, prompt: t(`Prompt ${id}`), explanation: t(`Explanation ${id}`) })

/** A quiz with one question of each type, its id the type's: single, tf, multi, num, term, match, order. */
export const EVERY_TYPE_QUIZ: QuizFile = QuizSchema.parse({
  id: 'test-quiz',
  passingScore: 70,
  questions: [
    { ...base('single'), type: 'single', options: [opt('a'), opt('b'), opt('c')], answer: 'b' },
    { ...base('tf'), type: 'truefalse', answer: false },
    {
      ...base('multi'),
      type: 'multiple',
      options: [opt('a'), opt('b'), opt('c'), opt('d'), opt('e')],
      answer: ['a', 'b', 'd'],
    },
    { ...base('num'), type: 'numeric', answer: 13, tolerance: { absolute: 0.05 }, unit: t('%') },
    { ...base('term'), type: 'text', accept: { en: ['dark figure'], es: ['cifra negra'] } },
    {
      ...base('match'),
      type: 'match',
      categories: [opt('x'), opt('y')],
      items: [
        { id: 'i1', text: t('one'), answer: 'x' },
        { id: 'i2', text: t('two'), answer: 'y' },
      ],
    },
    { ...base('order'), type: 'order', options: [opt('p'), opt('q'), opt('r')], answer: ['p', 'q', 'r'] },
  ],
})

/** Every answer of EVERY_TYPE_QUIZ right, as a learner writes them (a decimal comma, the term in other case). */
export const EVERY_TYPE_RIGHT: QuizAnswers = {
  single: 'b',
  tf: 'false',
  multi: ['a', 'b', 'd'],
  num: '13,0',
  term: 'Dark Figure',
  match: { i1: 'x', i2: 'y' },
  order: ['p', 'q', 'r'],
}

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
