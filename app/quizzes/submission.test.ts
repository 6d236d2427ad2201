import { expect, test } from 'vitest'
import { FORM_ERROR, parseForm } from '#app/utils/validation.ts'
import { EVERY_TYPE_QUIZ, EVERY_TYPE_RIGHT, quizForm, submitThroughForm } from '#tests/quiz-form.ts'
import { type QuizAnswers } from './grade.ts'
import { publicQuiz } from './public.ts'
import { quizSubmissionSchema } from './submission.ts'

const quiz = EVERY_TYPE_QUIZ
// The order question answered in an order other than the key's: the form passes on what was chosen.
const answers: QuizAnswers = { ...EVERY_TYPE_RIGHT, order: ['q', 'p', 'r'] }

/** The messages per field name, or 'ok'. */
function refused(given: QuizAnswers, extra: Array<[string, string]> = []) {
  const result = submitThroughForm(quiz, given, extra)
  return result.ok ? 'ok' : result.errors
}

test('a complete, well-formed form gives grading the answers in its shapes (order: the options in the chosen order)', () => {
  expect(submitThroughForm(quiz, answers)).toEqual({ ok: true, answers })
  // One ticked box of a "multiple" question is a list of one.
  expect(submitThroughForm(quiz, { ...answers, multi: ['c'] })).toEqual({
    ok: true,
    answers: { ...answers, multi: ['c'] },
  })
})

const errorOf = (submission: ReturnType<typeof parseWith>) =>
  submission.status === 'success' ? null : submission.error

/** Parses the form's fields with the schema built from `from`. */
function parseWith(from: Parameters<typeof quizSubmissionSchema>[0], fields: Array<[string, string]>) {
  const formData = new FormData()
  for (const [name, value] of fields) formData.append(name, value)
  return parseForm(formData, quizSubmissionSchema(from))
}

test('the schema is built from the public quiz: any language and option order gives the same result', () => {
  const fields = quizForm(quiz, answers)
  const en = parseWith(publicQuiz(quiz, 'en'), fields)
  const shuffled = parseWith(publicQuiz({ ...quiz, shuffle: true }, 'es', 'a seed'), fields)
  expect(en.status).toBe('success')
  expect(shuffled.status).toBe('success')
  expect(shuffled.status === 'success' && en.status === 'success' && shuffled.value).toEqual(
    en.status === 'success' && en.value,
  )
})

test('each unanswered question is refused on its own field', () => {
  for (const id of Object.keys(answers)) {
    const { [id]: _, ...rest } = answers
    const errors = refused(rest)
    expect(errors, id).not.toBe('ok')
    const names = Object.keys(errors as object)
    expect(
      names.every((name) => name === `answers.${id}` || name.startsWith(`answers.${id}.`)),
      `${id}: ${names}`,
    ).toBe(true)
    expect(Object.values(errors as object).flat(), id).toContain('validation:required')
  }
  expect(refused({ ...answers, num: '   ' })).toEqual({ 'answers.num': ['validation:required'] })
  expect(refused({ ...answers, term: '' })).toEqual({ 'answers.term': ['validation:required'] })
  expect(refused({ ...answers, multi: [] })).toEqual({ 'answers.multi': ['validation:required'] })
  expect(refused({ ...answers, match: { i1: 'x' } })).toEqual({ 'answers.match.i2': ['validation:required'] })
})

test('options, items and categories that do not exist are refused', () => {
  expect(refused({ ...answers, single: 'z' })).toEqual({ 'answers.single': ['validation:choice'] })
  expect(refused({ ...answers, tf: 'True' })).toEqual({ 'answers.tf': ['validation:choice'] })
  expect(refused({ ...answers, multi: ['a', 'z'] })).toEqual({ 'answers.multi[1]': ['validation:choice'] })
  expect(refused({ ...answers, match: { i1: 'x', i2: 'nope' } })).toEqual({ 'answers.match.i2': ['validation:choice'] })
  // An item or an option the quiz does not have: the form was altered.
  expect(refused({ ...answers, match: { i1: 'x', i2: 'y', i9: 'x' } })).toEqual({ 'answers.match': [FORM_ERROR] })
  expect(refused(answers, [['answers.extra', 'a']])).toEqual({ answers: [FORM_ERROR] })
})

test('values of the wrong shape are refused: a value repeated where one belongs, a repeated choice or position', () => {
  expect(refused(answers, [['answers.single', 'a']])).toEqual({ 'answers.single': ['validation:invalid'] })
  expect(refused(answers, [['answers.num', '12']])).toEqual({ 'answers.num': ['validation:invalid'] })
  expect(refused({ ...answers, multi: ['a', 'a'] })).toEqual({ 'answers.multi': ['validation:invalid'] })
  expect(refused({ ...answers, order: ['p', 'p', 'q'] })).not.toBe('ok')
  // Two options in the same place.
  const fields = quizForm(quiz, answers).filter(([name]) => !name.startsWith('answers.order.'))
  const twice = parseWith(publicQuiz(quiz, 'en'), [
    ...fields,
    ['answers.order.p', '1'],
    ['answers.order.q', '1'],
    ['answers.order.r', '3'],
  ])
  expect(twice.status).toBe('error')
  expect(errorOf(twice)).toEqual({ 'answers.order': ['quiz:errors.orderRepeated'] })
})

test('answers over 200 characters are refused; a numeric answer that is not a number is graded, not refused', () => {
  expect(refused({ ...answers, term: 'a'.repeat(201) })).toEqual({ 'answers.term': ['validation:tooLong'] })
  expect(refused({ ...answers, num: '1'.repeat(201) })).toEqual({ 'answers.num': ['validation:tooLong'] })
  expect(refused({ ...answers, term: 'a'.repeat(200) })).toBe('ok')
  expect(refused({ ...answers, num: 'about thirteen' })).toBe('ok')
})

test('the form names its quiz and carries a submission id', () => {
  const fields = quizForm(quiz, answers)
  const other = parseWith(
    publicQuiz(quiz, 'en'),
    fields.map(([name, value]) => [name, name === 'quizId' ? 'another-quiz' : value]),
  )
  expect(errorOf(other)).toEqual({ quizId: [FORM_ERROR] })
  const noId = parseWith(
    publicQuiz(quiz, 'en'),
    fields.filter(([name]) => name !== 'submissionId'),
  )
  expect(errorOf(noId)).toEqual({ submissionId: [FORM_ERROR] })
})
