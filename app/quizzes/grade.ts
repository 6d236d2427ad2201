// Grading quizzes on the server. Pure and dependency-free.
//
// The platform's published partial-credit rules. Every question scores between 0 and 1; the quiz
// score is the mean of the question scores × 100, rounded to one decimal; the quiz is passed when
// that score is at least the quiz's passingScore.
//
//   single     1 if the chosen option is the key, otherwise 0.
//   truefalse  1 if the answer ('true' | 'false') is the key, otherwise 0.
//   multiple   max(0, (correct picks − wrong picks) / number of correct options).
//              Correct only if exactly the right set was picked.
//   numeric    The answer is read with parseLearnerNumber in the learner's convention (see
//              numbers.ts; a "%" is ignored). It is right when |x − key| ≤ the absolute tolerance,
//              or ≤ relative tolerance × |key|. Bounds are inclusive, with a tiny allowance for
//              floating-point error (1e-9, plus a few units in the last place for large numbers).
//              With significantFigures set, both x and the key are first rounded (half away from
//              zero, on the decimal digits as written) to that many significant figures. 1 or 0.
//              An answer that cannot be read as a number scores 0.
//   text       Normalised (accents removed via NFD, lower-cased, surrounding and repeated spaces
//              removed, trailing punctuation and opening quotes/¿/¡ stripped) and compared with the
//              accepted answers of BOTH languages, so a learner who switched language is not
//              penalised. 1 or 0.
//   match      The share of items put in the right category. Correct only if all are.
//   order      The share of positions holding the right option. Correct only if all do.
//
// An unanswered question scores 0. The server refuses incomplete or malformed submissions with the
// quiz form's schema (submission.ts) before grading, so in practice every question is answered.
import { type Question, type QuizFile } from '#app/content/schema.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { parseLearnerNumber, type NumberConvention } from './numbers.ts'

/** Question id → the submitted value (see submission.ts for the shape per question type). */
export type QuizAnswers = Record<string, unknown>

export type QuestionResult = {
  id: string
  correct: boolean
  /** 0..1 */
  score: number
  answered: boolean
  /** numeric: how the answer was read (canonical form, e.g. "1250") */
  readAs?: string
}

export type GradedQuiz = {
  results: QuestionResult[]
  /** percent 0..100, one decimal */
  score: number
  passed: boolean
}

export type GradeOptions = { convention: NumberConvention; lang: Lang }

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key)

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Grades a submission (normally one the quiz form's schema accepted). See the rules at the top. */
export function gradeQuiz(quiz: QuizFile, answers: QuizAnswers, options: GradeOptions): GradedQuiz {
  const results = quiz.questions.map((q) => gradeQuestion(q, has(answers, q.id) ? answers[q.id] : undefined, options))
  const mean = results.reduce((sum, r) => sum + r.score, 0) / Math.max(1, results.length)
  const score = Math.round(mean * 1000) / 10
  return { results, score, passed: score >= quiz.passingScore }
}

function result(
  question: Question,
  score: number,
  answered: boolean,
  extra: Partial<QuestionResult> = {},
): QuestionResult {
  return { id: question.id, correct: score === 1, score, answered, ...extra }
}

export function gradeQuestion(question: Question, value: unknown, options: GradeOptions): QuestionResult {
  switch (question.type) {
    case 'single':
      if (typeof value !== 'string' || !value) return result(question, 0, false)
      return result(question, value === question.answer ? 1 : 0, true)
    case 'truefalse':
      if (typeof value !== 'string' || !value) return result(question, 0, false)
      return result(question, value === String(question.answer) ? 1 : 0, true)
    case 'multiple': {
      if (!Array.isArray(value) || value.length === 0) return result(question, 0, false)
      const picks = new Set(value.filter((v): v is string => typeof v === 'string'))
      const key = new Set(question.answer)
      let right = 0
      let wrong = 0
      for (const pick of picks) {
        if (key.has(pick)) right++
        else wrong++
      }
      const score = Math.max(0, (right - wrong) / key.size)
      return { id: question.id, correct: right === key.size && wrong === 0, score, answered: true }
    }
    case 'numeric': {
      if (typeof value !== 'string' || !value.trim()) return result(question, 0, false)
      const read = parseLearnerNumber(value, options.convention)
      if (!read) return result(question, 0, true)
      return result(question, numericMatches(read.value, question) ? 1 : 0, true, { readAs: read.normalised })
    }
    case 'text': {
      if (typeof value !== 'string' || !value.trim()) return result(question, 0, false)
      const given = normaliseText(value)
      const accepted = [...question.accept.en, ...question.accept.es].map(normaliseText)
      return result(question, given !== '' && accepted.includes(given) ? 1 : 0, true)
    }
    case 'match': {
      if (!isRecord(value)) return result(question, 0, false)
      const right = question.items.filter((item) => has(value, item.id) && value[item.id] === item.answer).length
      const score = right / question.items.length
      return { id: question.id, correct: right === question.items.length, score, answered: true }
    }
    case 'order': {
      if (!Array.isArray(value) || value.length === 0) return result(question, 0, false)
      const right = question.answer.filter((id, i) => value[i] === id).length
      const score = right / question.answer.length
      return {
        id: question.id,
        correct: right === question.answer.length && value.length === question.answer.length,
        score,
        answered: true,
      }
    }
  }
}

type NumericQuestion = Extract<Question, { type: 'numeric' }>

/** Whether x is right for a numeric question: tolerance bounds inclusive, after rounding to significant figures if asked. */
export function numericMatches(
  x: number,
  question: Pick<NumericQuestion, 'answer' | 'tolerance' | 'significantFigures'>,
): boolean {
  let given = x
  let key = question.answer
  if (question.significantFigures) {
    given = roundSignificant(given, question.significantFigures)
    key = roundSignificant(key, question.significantFigures)
  }
  const tolerance = question.tolerance
  const allowed = 'relative' in tolerance ? tolerance.relative * Math.abs(key) : tolerance.absolute
  const epsilon = 1e-9 + 8 * Number.EPSILON * Math.max(Math.abs(given), Math.abs(key))
  return Math.abs(given - key) <= allowed + epsilon
}

/**
 * Rounds to n significant figures, half away from zero, working on the shortest decimal form of
 * the number (so 1.005 to 3 figures is 1.01, as a person would round it, not 1.00).
 */
export function roundSignificant(x: number, figures: number): number {
  if (!Number.isFinite(x) || x === 0) return x
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e') as [string, string]
  const digits = mantissa.replace('.', '')
  const exponent = Number(exponentText)
  if (digits.length <= figures) return x
  let kept = BigInt(digits.slice(0, figures))
  if (Number(digits[figures]) >= 5) kept += 1n
  // kept × 10^(exponent − figures + 1)
  const rounded = Number(`${kept}e${exponent - figures + 1}`)
  return x < 0 ? -rounded : rounded
}

/**
 * Text answers: accents removed (NFD, combining marks dropped), lower case, spaces trimmed and
 * collapsed, trailing punctuation and opening quotes, brackets, ¿ and ¡ stripped.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[\p{Ps}\p{Pi}"'¿¡\s]+/u, '')
    .replace(/[\p{P}\s]+$/u, '')
}
