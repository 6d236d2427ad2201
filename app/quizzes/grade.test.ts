import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { parse } from 'yaml'
import { QuizSchema, type Question, type QuizFile } from '#app/content/schema.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { EVERY_TYPE_QUIZ, EVERY_TYPE_RIGHT, submitThroughForm } from '#tests/quiz-form.ts'
import { gradeQuestion, gradeQuiz, normaliseText, roundSignificant, type QuizAnswers } from './grade.ts'

const t = (en: string, es = en) => ({ en, es })
const opt = (id: string, text = id) => ({ id, text: t(text) })
const base = (id: string) => ({ id, prompt: t(`Prompt ${id}`), explanation: t(`Explanation ${id}`) })

function quizOf(questions: unknown[], extra: Record<string, unknown> = {}): QuizFile {
  return QuizSchema.parse({ id: 'test-quiz', passingScore: 70, questions, ...extra })
}

function questionOf(question: unknown): Question {
  return quizOf([question]).questions[0]!
}

const point = { convention: 'point', lang: 'en' } as const
const comma = { convention: 'comma', lang: 'es' } as const

const single = questionOf({ ...base('single'), type: 'single', options: [opt('a'), opt('b'), opt('c')], answer: 'b' })
const truefalse = questionOf({ ...base('tf'), type: 'truefalse', answer: false })
const multiple = questionOf({
  ...base('multi'),
  type: 'multiple',
  options: [opt('a'), opt('b'), opt('c'), opt('d'), opt('e')],
  answer: ['a', 'b', 'd'],
})
const numeric = (extra: Record<string, unknown>) => questionOf({ ...base('num'), type: 'numeric', ...extra })
const text = questionOf({
  ...base('term'),
  type: 'text',
  accept: { en: ['dark figure', 'dark figure of crime'], es: ['cifra negra', 'victimización oculta'] },
})
const match = questionOf({
  ...base('match'),
  type: 'match',
  categories: [opt('x'), opt('y'), opt('z')],
  items: [
    { id: 'i1', text: t('one'), answer: 'x' },
    { id: 'i2', text: t('two'), answer: 'y' },
    { id: 'i3', text: t('three'), answer: 'z' },
    { id: 'i4', text: t('four'), answer: 'x' },
  ],
})
const order = questionOf({
  ...base('order'),
  type: 'order',
  options: [opt('p'), opt('q'), opt('r'), opt('s')],
  answer: ['p', 'q', 'r', 's'],
})

// single and truefalse ------------------------------------------------------------------------

test('single: 1 for the key, 0 otherwise', () => {
  expect(gradeQuestion(single, 'b', point)).toEqual({ id: 'single', correct: true, score: 1, answered: true })
  expect(gradeQuestion(single, 'a', point)).toEqual({ id: 'single', correct: false, score: 0, answered: true })
  expect(gradeQuestion(single, undefined, point)).toEqual({ id: 'single', correct: false, score: 0, answered: false })
})

test('truefalse: the string "true" or "false" against the key', () => {
  expect(gradeQuestion(truefalse, 'false', point).correct).toBe(true)
  expect(gradeQuestion(truefalse, 'true', point)).toMatchObject({ correct: false, score: 0, answered: true })
  const yes = questionOf({ ...base('tf'), type: 'truefalse', answer: true })
  expect(gradeQuestion(yes, 'true', point).score).toBe(1)
  expect(gradeQuestion(yes, 'false', point).score).toBe(0)
})

// multiple ------------------------------------------------------------------------------------

test('multiple: the exact set is correct with full marks', () => {
  expect(gradeQuestion(multiple, ['d', 'a', 'b'], point)).toEqual({
    id: 'multi',
    correct: true,
    score: 1,
    answered: true,
  })
})

test('multiple: partial credit is (right − wrong) / number of right options', () => {
  expect(gradeQuestion(multiple, ['a', 'b'], point)).toMatchObject({ correct: false, score: 2 / 3 })
  expect(gradeQuestion(multiple, ['a'], point).score).toBeCloseTo(1 / 3, 12)
  expect(gradeQuestion(multiple, ['a', 'b', 'c'], point).score).toBeCloseTo(1 / 3, 12)
  expect(gradeQuestion(multiple, ['a', 'b', 'd', 'e'], point)).toMatchObject({ correct: false, score: 2 / 3 })
  expect(gradeQuestion(multiple, ['a', 'c'], point).score).toBe(0)
})

test('multiple: more wrong than right picks is clamped at 0', () => {
  expect(gradeQuestion(multiple, ['a', 'c', 'e'], point)).toMatchObject({ correct: false, score: 0 })
  expect(gradeQuestion(multiple, ['c', 'e'], point).score).toBe(0)
  expect(gradeQuestion(multiple, ['a', 'b', 'c', 'd', 'e'], point)).toMatchObject({ correct: false, score: 1 / 3 })
})

test('multiple: repeating a right pick does not earn more', () => {
  expect(gradeQuestion(multiple, ['a', 'a', 'a'], point).score).toBeCloseTo(1 / 3, 12)
})

// numeric -------------------------------------------------------------------------------------

test('numeric: absolute tolerance is inclusive at both bounds and refuses just outside', () => {
  const q = numeric({ answer: 13, tolerance: { absolute: 0.05 } })
  for (const x of ['13', '12.95', '13.05', '13.0', '13.049']) expect(gradeQuestion(q, x, point).correct, x).toBe(true)
  for (const x of ['12.949', '13.051', '13.06', '12.9']) expect(gradeQuestion(q, x, point).correct, x).toBe(false)
  expect(gradeQuestion(q, '13,05', comma).correct).toBe(true)
  expect(gradeQuestion(q, '13,051', point).correct).toBe(false) // 13051 under the point convention
})

test('numeric: bounds that are not exact in binary are still inclusive', () => {
  const q = numeric({ answer: 22.5, tolerance: { absolute: 0.1 } })
  expect(gradeQuestion(q, '22.6', point).correct).toBe(true)
  expect(gradeQuestion(q, '22.4', point).correct).toBe(true)
  expect(gradeQuestion(q, '22.61', point).correct).toBe(false)
  const small = numeric({ answer: 0.3, tolerance: { absolute: 0.1 } })
  expect(gradeQuestion(small, '0.2', point).correct).toBe(true)
  expect(gradeQuestion(small, '0.4', point).correct).toBe(true)
  expect(gradeQuestion(small, '0.41', point).correct).toBe(false)
})

test('numeric: no tolerance means exact, whatever the notation', () => {
  const q = numeric({ answer: 78 })
  expect(gradeQuestion(q, '78', point)).toMatchObject({ correct: true, readAs: '78' })
  expect(gradeQuestion(q, '78,0', point)).toMatchObject({ correct: true, readAs: '78' })
  expect(gradeQuestion(q, '78.01', point).correct).toBe(false)
  expect(gradeQuestion(q, '77', point).correct).toBe(false)
})

test('numeric: relative tolerance is a share of the key, inclusive', () => {
  const q = numeric({ answer: 200, tolerance: { relative: 0.01 } })
  for (const x of ['200', '198', '202', '201.5']) expect(gradeQuestion(q, x, point).correct, x).toBe(true)
  for (const x of ['197.99', '202.01', '210']) expect(gradeQuestion(q, x, point).correct, x).toBe(false)
  const negative = numeric({ answer: -50, tolerance: { relative: 0.1 } })
  expect(gradeQuestion(negative, '-45', point).correct).toBe(true)
  expect(gradeQuestion(negative, '-55', point).correct).toBe(true)
  expect(gradeQuestion(negative, '-55.1', point).correct).toBe(false)
  expect(gradeQuestion(negative, '50', point).correct).toBe(false)
})

test('numeric: large keys keep an inclusive absolute bound', () => {
  const q = numeric({ answer: 18200, tolerance: { absolute: 5 } })
  expect(gradeQuestion(q, '18,205', point).correct).toBe(true)
  expect(gradeQuestion(q, '18.195', comma).correct).toBe(true)
  expect(gradeQuestion(q, '18 205,1', comma).correct).toBe(false)
  expect(gradeQuestion(q, '18205.01', point).correct).toBe(false)
})

test('numeric: significant figures round both the answer and the key', () => {
  const q = numeric({ answer: 12.3456, significantFigures: 3 })
  expect(gradeQuestion(q, '12.3', point).correct).toBe(true)
  expect(gradeQuestion(q, '12.34', point).correct).toBe(true)
  expect(gradeQuestion(q, '12.349', point).correct).toBe(true)
  expect(gradeQuestion(q, '12.25', point).correct).toBe(true) // rounds half up to 12.3
  expect(gradeQuestion(q, '12.24', point).correct).toBe(false)
  expect(gradeQuestion(q, '12.35', point).correct).toBe(false) // 12.4
  const big = numeric({ answer: 18263, significantFigures: 2 })
  expect(gradeQuestion(big, '18 000', comma).correct).toBe(true)
  expect(gradeQuestion(big, '18.499', comma).correct).toBe(true)
  expect(gradeQuestion(big, '18.500', comma).correct).toBe(false)
  const withTolerance = numeric({ answer: 1.2345, significantFigures: 2, tolerance: { absolute: 0.1 } })
  expect(gradeQuestion(withTolerance, '1.3', point).correct).toBe(true) // 1.2 ± 0.1
  expect(gradeQuestion(withTolerance, '1.36', point).correct).toBe(false) // 1.4
})

test('roundSignificant rounds half away from zero on the decimal digits', () => {
  expect(roundSignificant(1.005, 3)).toBe(1.01)
  expect(roundSignificant(-1.005, 3)).toBe(-1.01)
  expect(roundSignificant(9.995, 3)).toBe(10)
  expect(roundSignificant(0.000123456, 2)).toBe(0.00012)
  expect(roundSignificant(123456, 2)).toBe(120000)
  expect(roundSignificant(12, 5)).toBe(12)
  expect(roundSignificant(0, 3)).toBe(0)
})

test('numeric: "25.5", "25,5" and "1.250" under both conventions', () => {
  const q = numeric({ answer: 25.5 })
  expect(gradeQuestion(q, '25.5', point)).toMatchObject({ correct: true, readAs: '25.5' })
  expect(gradeQuestion(q, '25,5', point)).toMatchObject({ correct: true, readAs: '25.5' })
  expect(gradeQuestion(q, '25.5', comma)).toMatchObject({ correct: true, readAs: '25.5' })
  expect(gradeQuestion(q, '25,5', comma)).toMatchObject({ correct: true, readAs: '25.5' })

  const thousand = numeric({ answer: 1250 })
  const fraction = numeric({ answer: 1.25 })
  expect(gradeQuestion(thousand, '1.250', comma)).toMatchObject({ correct: true, readAs: '1250' })
  expect(gradeQuestion(thousand, '1,250', point)).toMatchObject({ correct: true, readAs: '1250' })
  expect(gradeQuestion(thousand, '1.250', point)).toMatchObject({ correct: false, readAs: '1.25' })
  expect(gradeQuestion(thousand, '1,250', comma)).toMatchObject({ correct: false, readAs: '1.25' })
  expect(gradeQuestion(fraction, '1.250', point).correct).toBe(true)
  expect(gradeQuestion(fraction, '1,250', comma).correct).toBe(true)
})

test('numeric: "12.345,5" and "12,345.5" are the same number in both conventions', () => {
  const q = numeric({ answer: 12345.5 })
  for (const options of [point, comma]) {
    expect(gradeQuestion(q, '12.345,5', options)).toMatchObject({ correct: true, readAs: '12345.5' })
    expect(gradeQuestion(q, '12,345.5', options)).toMatchObject({ correct: true, readAs: '12345.5' })
    expect(gradeQuestion(q, '12 345,5', options).correct).toBe(true)
  }
})

test('numeric: a percent sign is ignored and the value is as written', () => {
  const q = numeric({ answer: 13, tolerance: { absolute: 0.05 } })
  expect(gradeQuestion(q, '13 %', comma).correct).toBe(true)
  expect(gradeQuestion(q, '13,0%', comma).correct).toBe(true)
  expect(gradeQuestion(q, '0.13', point).correct).toBe(false)
})

test('numeric: an answer that is not a number scores 0 without readAs', () => {
  const q = numeric({ answer: 5 })
  const r = gradeQuestion(q, 'five', point)
  expect(r).toEqual({ id: 'num', correct: false, score: 0, answered: true })
})

// text ----------------------------------------------------------------------------------------

test('text: case, accents, spaces and trailing punctuation do not matter', () => {
  expect(gradeQuestion(text, 'Cifra Negra ', point).correct).toBe(true)
  expect(gradeQuestion(text, '  CIFRA   negra.', point).correct).toBe(true)
  expect(gradeQuestion(text, 'victimizacion oculta', point).correct).toBe(true)
  expect(gradeQuestion(text, 'Victimización  Oculta!', point).correct).toBe(true)
  expect(gradeQuestion(text, '«cifra negra»', point).correct).toBe(true)
  expect(gradeQuestion(text, 'cifra\u00A0negra', point).correct).toBe(true)
  expect(gradeQuestion(text, 'cifra', point)).toMatchObject({ correct: false, score: 0, answered: true })
  expect(gradeQuestion(text, 'cifranegra', point).correct).toBe(false)
})

test('text: the accepted answers of both languages count, whatever the learner language', () => {
  expect(gradeQuestion(text, 'Dark figure of crime', comma).correct).toBe(true)
  expect(gradeQuestion(text, 'cifra negra', point).correct).toBe(true)
})

test('normaliseText', () => {
  expect(normaliseText('Cifra Negra ')).toBe('cifra negra')
  expect(normaliseText('victimización')).toBe('victimizacion')
  expect(normaliseText('victimizacio\u0301n')).toBe('victimizacion') // already decomposed
  expect(normaliseText('¿Año?')).toBe('ano')
  expect(normaliseText(' UN-CTS. ')).toBe('un-cts')
  expect(normaliseText('...')).toBe('')
})

// match and order -----------------------------------------------------------------------------

test('match: the share of items in the right category', () => {
  expect(gradeQuestion(match, { i1: 'x', i2: 'y', i3: 'z', i4: 'x' }, point)).toEqual({
    id: 'match',
    correct: true,
    score: 1,
    answered: true,
  })
  expect(gradeQuestion(match, { i1: 'x', i2: 'y', i3: 'z', i4: 'y' }, point)).toMatchObject({
    correct: false,
    score: 0.75,
  })
  expect(gradeQuestion(match, { i1: 'x', i2: 'x', i3: 'x', i4: 'x' }, point)).toMatchObject({
    correct: false,
    score: 0.5,
  })
  expect(gradeQuestion(match, { i1: 'y', i2: 'z', i3: 'x', i4: 'z' }, point)).toMatchObject({
    correct: false,
    score: 0,
  })
})

test('order: the share of positions that are right', () => {
  expect(gradeQuestion(order, ['p', 'q', 'r', 's'], point)).toEqual({
    id: 'order',
    correct: true,
    score: 1,
    answered: true,
  })
  expect(gradeQuestion(order, ['p', 'q', 's', 'r'], point)).toMatchObject({ correct: false, score: 0.5 })
  expect(gradeQuestion(order, ['p', 's', 'r', 'q'], point)).toMatchObject({ correct: false, score: 0.5 })
  expect(gradeQuestion(order, ['s', 'p', 'q', 'r'], point)).toMatchObject({ correct: false, score: 0 })
  expect(gradeQuestion(order, ['s', 'r', 'q', 'p'], point)).toMatchObject({ correct: false, score: 0 })
})

// the whole quiz ------------------------------------------------------------------------------

const everything = EVERY_TYPE_QUIZ
const perfectAnswers = EVERY_TYPE_RIGHT

test('gradeQuiz: the score is the mean question score in percent, with one decimal', () => {
  const perfect = gradeQuiz(everything, perfectAnswers, comma)
  expect(perfect).toMatchObject({ score: 100, passed: true })
  expect(perfect.results.map((r) => r.id)).toEqual(['single', 'tf', 'multi', 'num', 'term', 'match', 'order'])
  expect(perfect.results.find((r) => r.id === 'num')?.readAs).toBe('13')

  // 1 + 1 + 1/3 + 1 + 0 + 0.5 + 0 = 3.8333… / 7 = 54.76… %
  const partial = gradeQuiz(
    everything,
    { ...perfectAnswers, multi: ['a'], term: 'nope', match: { i1: 'x', i2: 'x' }, order: ['r', 'p', 'q'] },
    comma,
  )
  expect(partial.score).toBe(54.8)
  expect(partial.passed).toBe(false)
})

test('gradeQuiz: passed when the score reaches the passing score exactly', () => {
  const quiz = quizOf(
    [
      { ...base('a'), type: 'truefalse', answer: true },
      { ...base('b'), type: 'truefalse', answer: true },
      { ...base('c'), type: 'truefalse', answer: true },
      { ...base('d'), type: 'truefalse', answer: true },
    ],
    { passingScore: 75 },
  )
  expect(gradeQuiz(quiz, { a: 'true', b: 'true', c: 'true', d: 'false' }, point)).toMatchObject({
    score: 75,
    passed: true,
  })
  expect(gradeQuiz(quiz, { a: 'true', b: 'true', c: 'false', d: 'false' }, point)).toMatchObject({
    score: 50,
    passed: false,
  })
})

test('gradeQuiz: unanswered questions score 0', () => {
  const graded = gradeQuiz(everything, { single: 'b' }, point)
  expect(graded.score).toBe(14.3)
  expect(graded.results.filter((r) => r.answered).map((r) => r.id)).toEqual(['single'])
})

test('gradeQuiz: the numeric answer is read in the learner convention', () => {
  const quiz = quizOf([{ ...base('n'), type: 'numeric', answer: 1250 }])
  expect(gradeQuiz(quiz, { n: '1.250' }, comma).score).toBe(100)
  expect(gradeQuiz(quiz, { n: '1.250' }, point).score).toBe(0)
})

// the real course quizzes ---------------------------------------------------------------------

function realQuizzes(): Array<{ file: string; quiz: QuizFile }> {
  const root = path.resolve('courses')
  const out: Array<{ file: string; quiz: QuizFile }> = []
  for (const course of fs.readdirSync(root).sort()) {
    const dir = path.join(root, course, 'quizzes')
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.yaml')) continue
      const file = path.join('courses', course, 'quizzes', name)
      out.push({ file, quiz: QuizSchema.parse(parse(fs.readFileSync(path.join(dir, name), 'utf8'))) })
    }
  }
  return out
}

/** The key written as a learner would: in the given locale's own number format. */
function keyAnswers(quiz: QuizFile, locale: string, lang: Lang): QuizAnswers {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 })
  const answers: QuizAnswers = {}
  for (const q of quiz.questions) {
    switch (q.type) {
      case 'single':
      case 'multiple':
      case 'order':
        answers[q.id] = q.answer
        break
      case 'truefalse':
        answers[q.id] = String(q.answer)
        break
      case 'numeric':
        answers[q.id] = number.format(q.answer)
        break
      case 'text':
        answers[q.id] = q.accept[lang][0]
        break
      case 'match':
        answers[q.id] = Object.fromEntries(q.items.map((item) => [item.id, item.answer]))
        break
    }
  }
  return answers
}

function wrongAnswers(quiz: QuizFile): QuizAnswers {
  const answers: QuizAnswers = {}
  for (const q of quiz.questions) {
    switch (q.type) {
      case 'single':
        answers[q.id] = q.options.find((o) => o.id !== q.answer)!.id
        break
      case 'multiple': {
        const wrong = q.options.filter((o) => !q.answer.includes(o.id)).map((o) => o.id)
        answers[q.id] = wrong.length ? wrong : [q.options[0]!.id]
        break
      }
      case 'truefalse':
        answers[q.id] = String(!q.answer)
        break
      case 'numeric':
        answers[q.id] = String(q.answer + 10 * Math.abs(q.answer) + 1000)
        break
      case 'text':
        answers[q.id] = 'certainly not the answer'
        break
      case 'match':
        answers[q.id] = Object.fromEntries(
          q.items.map((item) => {
            const i = q.categories.findIndex((c) => c.id === item.answer)
            return [item.id, q.categories[(i + 1) % q.categories.length]!.id]
          }),
        )
        break
      case 'order':
        answers[q.id] = [...q.answer.slice(1), q.answer[0]!] // every option one place off
        break
    }
  }
  return answers
}

const quizzes = realQuizzes()

test('the real course quizzes are found', () => {
  expect(quizzes.length).toBeGreaterThan(0)
})

test('every real quiz scores 100 and passes when answered with its own keys', () => {
  const problems: string[] = []
  for (const { file, quiz } of quizzes) {
    for (const [locale, lang, convention] of [
      ['en-US', 'en', 'point'],
      ['es-MX', 'es', 'point'],
      ['es-CO', 'es', 'comma'],
      ['es-ES', 'es', 'comma'],
    ] as const) {
      // Sent as the quiz form sends them, and read back by its schema, as the server does.
      const valid = submitThroughForm(quiz, keyAnswers(quiz, locale, lang))
      if (!valid.ok) {
        problems.push(`${file} (${locale}): answers refused: ${valid.error}`)
        continue
      }
      const graded = gradeQuiz(quiz, valid.answers, { convention, lang })
      for (const r of graded.results)
        if (!r.correct || r.score !== 1)
          problems.push(`${file} (${locale}): question ${r.id} is not graded right with its own key`)
      if (graded.score !== 100 || !graded.passed) problems.push(`${file} (${locale}): score ${graded.score}`)
    }
  }
  expect(problems).toEqual([])
})

test('every real quiz fails when everything is answered wrong', () => {
  const problems: string[] = []
  for (const { file, quiz } of quizzes) {
    const valid = submitThroughForm(quiz, wrongAnswers(quiz))
    if (!valid.ok) {
      problems.push(`${file}: wrong answers refused: ${valid.error}`)
      continue
    }
    const graded = gradeQuiz(quiz, valid.answers, point)
    if (!(graded.score < quiz.passingScore) || graded.passed)
      problems.push(`${file}: all wrong still scores ${graded.score}`)
    for (const r of graded.results)
      if (r.correct) problems.push(`${file}: question ${r.id} is right with a wrong answer`)
  }
  expect(problems).toEqual([])
})

test('every accepted text answer of the real quizzes is graded right in both languages', () => {
  const problems: string[] = []
  for (const { file, quiz } of quizzes) {
    for (const q of quiz.questions) {
      if (q.type !== 'text') continue
      for (const accepted of [...q.accept.en, ...q.accept.es]) {
        for (const options of [point, comma]) {
          if (!gradeQuestion(q, ` ${accepted.toUpperCase()}. `, options).correct)
            problems.push(`${file}: ${q.id}: "${accepted}"`)
        }
      }
    }
  }
  expect(problems).toEqual([])
})
