// Data exercises (ADR 032) are quizzes with `kind: exercise`: the schema's own rules, grading of
// several numeric steps with a decimal comma and partial credit, the table in the reader's
// convention, and nothing of the key or the worked solution in what the browser gets.
import { expect, test } from 'vitest'
import { QuizSchema, quizProblems, type QuizFile } from '#app/content/schema.ts'
import { submitThroughForm } from '#tests/quiz-form.ts'
import { gradeQuiz } from './grade.ts'
import { publicQuiz } from './public.ts'

const t = (en: string, es = en) => ({ en, es })

const exercise: QuizFile = QuizSchema.parse({
  id: 'rates-exercise',
  kind: 'exercise',
  passingScore: 50,
  data: {
    caption: t('Victims and population', 'Víctimas y población'),
    source: t('Fictitious data.', 'Datos ficticios.'),
    columns: [
      { id: 'region', label: t('Region', 'Región') },
      { id: 'victims', label: t('Victims', 'Víctimas') },
      { id: 'population', label: t('Population', 'Población'), unit: t('persons', 'personas') },
    ],
    rows: [
      [t('North', 'Norte'), 412, 3650000],
      ['Capital', 1230.5, 9840000],
    ],
  },
  questions: [
    {
      id: 'rate',
      type: 'numeric',
      prompt: t('Rate per 100,000'),
      answer: 11.2877,
      significantFigures: 3,
      explanation: t('SECRET-EXPLANATION-1'),
    },
    {
      id: 'share',
      type: 'numeric',
      prompt: t('Share of the North, %'),
      answer: 25.08,
      tolerance: { absolute: 0.05 },
      explanation: t('SECRET-EXPLANATION-2'),
    },
  ],
  solution: t('SECRET-SOLUTION en', 'SECRETO-SOLUCION es'),
})

test('an exercise needs its table and its solution, numeric steps and rows as wide as the table', () => {
  expect(quizProblems(exercise)).toEqual([])
  const { solution: _solution, ...withoutSolution } = exercise
  expect(quizProblems(withoutSolution as QuizFile)).toEqual([
    { path: ['kind'], message: 'an exercise needs a worked solution (solution:)' },
  ])
  const { data: _data, ...withoutData } = exercise
  expect(quizProblems(withoutData as QuizFile).map((p) => p.message)).toEqual([
    'an exercise needs a data table (data:)',
  ])
  const ragged = { ...exercise, data: { ...exercise.data!, rows: [...exercise.data!.rows, [1, 2]] } }
  expect(quizProblems(ragged)).toEqual([
    { path: ['data', 'rows', 2], message: 'row 3 has 2 cells; the table has 3 columns' },
  ])
  const notNumeric = QuizSchema.parse({
    ...exercise,
    questions: [
      ...exercise.questions,
      { id: 'tf', type: 'truefalse', prompt: t('?'), answer: true, explanation: t('.') },
    ],
  })
  expect(quizProblems(notNumeric)).toEqual([
    { path: ['questions', 2, 'type'], message: "an exercise's steps are numeric questions, not truefalse" },
  ])
  // A table or a solution on an ordinary quiz is a mistake too.
  const { kind: _kind, ...quiz } = exercise
  expect(quizProblems(quiz as QuizFile).map((p) => p.path[0])).toEqual(['data', 'solution'])
  // Unknown kinds, and tables too large to read, are refused by the schema itself.
  expect(QuizSchema.safeParse({ ...exercise, kind: 'homework' }).success).toBe(false)
  const huge = { ...exercise.data!, rows: Array.from({ length: 21 }, () => ['x', 1, 2]) }
  expect(QuizSchema.safeParse({ ...exercise, data: huge }).success).toBe(false)
})

test('steps are graded one by one in the learner convention: a decimal comma, partial credit, the answer as read', () => {
  // Both right, written with a decimal comma (11,29 rounds to 11.3 like the key; 25,1 is within 0.05).
  const right = gradeQuiz(exercise, { rate: '11,29', share: '25,1' }, { convention: 'comma', lang: 'es' })
  expect(right).toMatchObject({ score: 100, passed: true })
  expect(right.results.map((r) => r.readAs)).toEqual(['11.29', '25.1'])
  // One step wrong: a rate per 1,000 instead of per 100,000. Half the credit, passed at 50 %.
  const half = gradeQuiz(exercise, { rate: '0,113', share: '25,08 %' }, { convention: 'comma', lang: 'es' })
  expect(half.results.map((r) => [r.id, r.correct, r.score])).toEqual([
    ['rate', false, 0],
    ['share', true, 1],
  ])
  expect(half).toMatchObject({ score: 50, passed: true })
  // The same text under the other convention: "11,290" is eleven thousand under 'point'.
  const point = gradeQuiz(exercise, { rate: '11,290', share: '25.08' }, { convention: 'point', lang: 'en' })
  expect(point.results.map((r) => r.correct)).toEqual([false, true])
  expect(point.results[0]!.readAs).toBe('11290')
  const none = gradeQuiz(exercise, { rate: 'eleven', share: '30' }, { convention: 'point', lang: 'en' })
  expect(none).toMatchObject({ score: 0, passed: false })
})

test('the form of an exercise refuses what quiz forms refuse: a missing step, an unknown one, NUL, 201 characters', () => {
  const form = (answers: Record<string, unknown>, extra: Array<[string, string]> = []) =>
    submitThroughForm(exercise, answers, extra).ok
  expect(form({ rate: '11,3', share: '25' })).toBe(true)
  expect(form({ rate: '11,3' })).toBe(false)
  expect(form({ rate: '11,3', share: '25' }, [['answers.extra', '1']])).toBe(false)
  expect(form({ rate: '11\u00003', share: '25' })).toBe(false)
  expect(form({ rate: '1'.repeat(201), share: '25' })).toBe(false)
  expect(form({ rate: ['11', '3'], share: '25' })).toBe(false)
})

test('the browser gets the table in its language and number convention, never the keys or the solution', () => {
  const es = publicQuiz(exercise, 'es', undefined, 'comma', 'es-CO')
  expect(es.kind).toBe('exercise')
  expect(es.data).toEqual({
    caption: 'Víctimas y población',
    source: 'Datos ficticios.',
    columns: [
      { id: 'region', label: 'Región' },
      { id: 'victims', label: 'Víctimas' },
      { id: 'population', label: 'Población', unit: 'personas' },
    ],
    rows: [
      [
        { text: 'Norte', number: false },
        { text: '412', number: true },
        { text: '3.650.000', number: true },
      ],
      [
        { text: 'Capital', number: false },
        { text: '1.230,5', number: true },
        { text: '9.840.000', number: true },
      ],
    ],
  })
  const en = publicQuiz(exercise, 'en')
  expect(en.data!.rows[1]!.map((c) => c.text)).toEqual(['Capital', '1,230.5', '9,840,000'])
  for (const lang of ['en', 'es'] as const) {
    const json = JSON.stringify(publicQuiz(exercise, lang))
    for (const secret of ['SECRET', 'SECRETO', '"answer"', '"solution"', '"tolerance"', '"significantFigures"'])
      expect(json, secret).not.toContain(secret)
  }
  // An ordinary quiz has no kind and no data.
  const { kind: _kind, data: _data, solution: _solution, ...quiz } = exercise
  expect(publicQuiz(quiz as QuizFile, 'en')).not.toHaveProperty('kind')
})

test('an exercise table is built once per language and locale, and each locale keeps its own numbers', () => {
  const colombia = publicQuiz(exercise, 'es', undefined, 'comma', 'es-CO').data
  expect(publicQuiz(exercise, 'es', undefined, 'comma', 'es-CO').data).toBe(colombia)
  const mexico = publicQuiz(exercise, 'es', undefined, 'point', 'es-MX').data
  expect(mexico).not.toBe(colombia)
  expect(mexico!.rows[1]!.map((c) => c.text)).toEqual(['Capital', '1,230.5', '9,840,000'])
  expect(colombia!.rows[1]!.map((c) => c.text)).toEqual(['Capital', '1.230,5', '9.840.000'])
})
