// What of a quiz the browser may see. Pure and dependency-free.
//
// publicQuiz is a whitelist: it builds new objects holding only ids, prompts and the texts of
// options, categories and items in one language (and the unit of numeric questions), so answer
// keys, accepted answers, tolerances, significant figures and explanations never leave the server
// before grading. reviewAttempt is for AFTER grading: the learner's own answer, the hint, and (when
// the quiz's feedback policy allows, feedback.ts) the explanation and the right answer, in words.
import { defaultConvention, formatNumMarkup } from '#app/content/numbers.ts'
import { type DataCell, type DataTable, type Question, type QuizFile } from '#app/content/schema.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { type QuestionResult, type QuizAnswers } from './grade.ts'
import { type NumberConvention } from './numbers.ts'

export type PublicOption = { id: string; text: string }

export type PublicQuestion = {
  id: string
  type: Question['type']
  prompt: string
  options?: PublicOption[]
  categories?: PublicOption[]
  items?: PublicOption[]
  unit?: string
}

/** An exercise's table in one language, numbers already written in the reader's convention. */
export type PublicData = {
  caption: string
  source: string
  columns: Array<{ id: string; label: string; unit?: string }>
  rows: Array<Array<{ text: string; number: boolean }>>
}

export type PublicQuiz = {
  id: string
  /** Only on data exercises (ADR 032): their steps are the questions. */
  kind?: 'exercise'
  data?: PublicData
  passingScore: number
  maxAttempts: number
  questions: PublicQuestion[]
}

export type ReviewedQuestion = {
  id: string
  // The prompt as the learner read it (the quiz version the attempt answered).
  prompt: string
  correct: boolean
  score: number
  /** The learner's own answer in words (option texts in the language); null when unanswered. */
  given: string | null
  /** numeric: how the answer was read ("92,8" → "92.8"); null when it could not be read as a number. */
  readAs?: string | null
  /** The author's hint, on a question not fully right. */
  hint?: string
  /** Only when the feedback policy reveals answers (app/quizzes/feedback.ts): absent otherwise. */
  explanation?: string
  correctAnswer?: string
}

/**
 * The quiz without its keys, in one language. With quiz.shuffle and a seed, the options of single
 * and multiple questions and the items of match questions are shuffled deterministically from the
 * seed (the same seed always gives the same order). The options of order questions are ALWAYS
 * shuffled (from the seed, or from the quiz id without one) and never shown in the answer order.
 * Quantities written <Num value="…" /> are shown in `convention` (the language default without one).
 */
export function publicQuiz(
  quiz: QuizFile,
  lang: Lang,
  seed?: string,
  convention: NumberConvention = defaultConvention(lang),
  locale: string = lang,
): PublicQuiz {
  const shuffling = quiz.shuffle && seed !== undefined && seed !== ''
  const base = seed || quiz.id
  const num = (text: string) => formatNumMarkup(text, lang, convention)
  const texts = (list: Array<{ id: string; text: { en: string; es: string } }>): PublicOption[] =>
    list.map((o) => ({ id: o.id, text: num(o.text[lang]) }))
  const maybeShuffle = <T>(list: T[], question: string, part: string): T[] =>
    shuffling ? seededShuffle(list, `${base}\u0000${question}\u0000${part}`) : list

  const questions = quiz.questions.map((q): PublicQuestion => {
    const common = { id: q.id, type: q.type, prompt: num(q.prompt[lang]) }
    switch (q.type) {
      case 'single':
      case 'multiple':
        return { ...common, options: maybeShuffle(texts(q.options), q.id, 'options') }
      case 'truefalse':
      case 'text':
        return common
      case 'numeric':
        return q.unit ? { ...common, unit: num(q.unit[lang]) } : common
      case 'match':
        return { ...common, categories: texts(q.categories), items: maybeShuffle(texts(q.items), q.id, 'items') }
      case 'order': {
        let options = seededShuffle(texts(q.options), `${base}\u0000${q.id}\u0000options`)
        if (options.every((o, i) => o.id === q.answer[i])) options = [...options.slice(1), ...options.slice(0, 1)]
        return { ...common, options }
      }
    }
  })
  const common = { id: quiz.id, passingScore: quiz.passingScore, maxAttempts: quiz.maxAttempts, questions }
  if (quiz.kind !== 'exercise' || !quiz.data) return common
  return { ...common, kind: 'exercise', data: publicData(quiz.data, lang, locale) }
}

/**
 * An exercise's table in one language; numbers formatted for `locale` (the reader's language and
 * country, formattingLocale), as every number in the learner's interface is.
 */
export function publicData(data: DataTable, lang: Lang, locale: string): PublicData {
  // The same for every reader of a language and locale: built once per quiz file (a profile of the
  // lesson page found the formatter's construction and the cells in every request).
  let byLocale = publicTables.get(data)
  if (!byLocale) publicTables.set(data, (byLocale = new Map()))
  const key = `${lang}\u0000${locale}`
  let table = byLocale.get(key)
  if (!table) byLocale.set(key, (table = buildPublicData(data, lang, locale)))
  return table
}

const publicTables = new WeakMap<DataTable, Map<string, PublicData>>()

function buildPublicData(data: DataTable, lang: Lang, locale: string): PublicData {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 10 })
  const cell = (value: DataCell) =>
    typeof value === 'number'
      ? { text: number.format(value), number: true }
      : { text: typeof value === 'string' ? value : value[lang], number: false }
  return {
    caption: data.caption[lang],
    source: data.source[lang],
    columns: data.columns.map((c) =>
      c.unit ? { id: c.id, label: c.label[lang], unit: c.unit[lang] } : { id: c.id, label: c.label[lang] },
    ),
    rows: data.rows.map((row) => row.map(cell)),
  }
}

const WORDS = {
  en: { true: 'True', false: 'False', figures: (n: number) => `to ${n} significant figure${n === 1 ? '' : 's'}` },
  es: {
    true: 'Verdadero',
    false: 'Falso',
    figures: (n: number) => `con ${n} cifra${n === 1 ? '' : 's'} significativa${n === 1 ? '' : 's'}`,
  },
} as const

/**
 * Per graded question (in quiz order), in lang: the prompt, the result, the learner's own answer as it
 * was read, the hint on a question not fully right and, only when `reveal` (the feedback policy,
 * app/quizzes/feedback.ts), the explanation and the right answer. Hidden parts are left out of the
 * objects, so they never reach the browser. Give it the quiz at the version the attempt answered
 * (quizAtVersion), not today's.
 */
export function reviewAttempt(
  quiz: QuizFile,
  attempt: { results: QuestionResult[]; answers: QuizAnswers },
  lang: Lang,
  { reveal, convention = defaultConvention(lang) }: { reveal: boolean; convention?: NumberConvention },
): ReviewedQuestion[] {
  const num = (text: string) => formatNumMarkup(text, lang, convention)
  const byId = new Map(attempt.results.map((r) => [r.id, r]))
  const reviewed: ReviewedQuestion[] = []
  for (const question of quiz.questions) {
    const r = byId.get(question.id)
    if (!r) continue // the question was added after this attempt
    const value = Object.prototype.hasOwnProperty.call(attempt.answers, question.id)
      ? attempt.answers[question.id]
      : undefined
    const entry: ReviewedQuestion = {
      id: question.id,
      prompt: num(question.prompt[lang]),
      correct: r.correct,
      score: r.score,
      given: ((given) => (given === null ? null : num(given)))(givenAnswer(question, value, lang)),
    }
    if (question.type === 'numeric' && entry.given !== null) entry.readAs = r.readAs ?? null
    if (!r.correct && question.hint) entry.hint = num(question.hint[lang])
    if (reveal) {
      entry.explanation = num(question.explanation[lang])
      entry.correctAnswer = num(correctAnswer(question, lang))
    }
    reviewed.push(entry)
  }
  return reviewed
}

const optionText = (list: Array<{ id: string; text: { en: string; es: string } }>, id: unknown, lang: Lang) =>
  list.find((o) => o.id === id)?.text[lang] ?? String(id)

/**
 * The learner's answer in words, from the answers stored with the attempt (the shapes the quiz
 * form's schema gives, submission.ts). Null when the question was not answered.
 */
export function givenAnswer(question: Question, value: unknown, lang: Lang): string | null {
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [])
  switch (question.type) {
    case 'single':
      return typeof value === 'string' && value ? optionText(question.options, value, lang) : null
    case 'truefalse':
      return value === 'true' ? WORDS[lang].true : value === 'false' ? WORDS[lang].false : null
    case 'numeric':
    case 'text':
      return typeof value === 'string' && value.trim() ? value.trim() : null
    case 'multiple': {
      const picked = new Set(strings(value))
      const texts = question.options.filter((o) => picked.has(o.id)).map((o) => o.text[lang])
      return texts.length ? texts.join('; ') : null
    }
    case 'match': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
      const chosen = value as Record<string, unknown>
      const parts = question.items
        .filter((item) => Object.prototype.hasOwnProperty.call(chosen, item.id))
        .map((item) => `${item.text[lang]} → ${optionText(question.categories, chosen[item.id], lang)}`)
      return parts.length ? parts.join('; ') : null
    }
    case 'order': {
      const order = strings(value)
      return order.length
        ? order.map((id, i) => `${i + 1}. ${optionText(question.options, id, lang)}`).join('; ')
        : null
    }
  }
}

export function correctAnswer(question: Question, lang: Lang): string {
  switch (question.type) {
    case 'single':
      return optionText(question.options, question.answer, lang)
    case 'multiple': {
      const key = new Set(question.answer)
      return question.options
        .filter((o) => key.has(o.id))
        .map((o) => o.text[lang])
        .join('; ')
    }
    case 'truefalse':
      return question.answer ? WORDS[lang].true : WORDS[lang].false
    case 'numeric': {
      const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 20 })
      const unit = question.unit ? ` ${question.unit[lang]}` : ''
      const tolerance = question.tolerance
      let text: string
      if ('relative' in tolerance && tolerance.relative > 0) {
        const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 10 })
        text = `${number.format(question.answer)}${unit} (± ${percent.format(tolerance.relative)})`
      } else if ('absolute' in tolerance && tolerance.absolute > 0) {
        text = `${number.format(question.answer)} ± ${number.format(tolerance.absolute)}${unit}`
      } else {
        text = `${number.format(question.answer)}${unit}`
      }
      return question.significantFigures ? `${text} (${WORDS[lang].figures(question.significantFigures)})` : text
    }
    case 'text':
      return question.accept[lang][0] ?? ''
    case 'match':
      return question.items
        .map((item) => `${item.text[lang]} → ${optionText(question.categories, item.answer, lang)}`)
        .join('; ')
    case 'order':
      return question.answer.map((id, i) => `${i + 1}. ${optionText(question.options, id, lang)}`).join('; ')
  }
}

// Seeded shuffling: a 32-bit FNV-1a hash of the seed string feeds mulberry32, which drives a
// Fisher–Yates shuffle. Small, fast and the same on the server and in every browser.

export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function seededShuffle<T>(list: readonly T[], seed: string): T[] {
  const random = mulberry32(hashString(seed))
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = out[i]!
    out[i] = out[j]!
    out[j] = tmp
  }
  return out
}
