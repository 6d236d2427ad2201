// What of a quiz the browser may see. Pure and dependency-free.
//
// publicQuiz is a whitelist: it builds new objects holding only ids, prompts and the texts of
// options, categories and items in one language (and the unit of numeric questions), so answer
// keys, accepted answers, tolerances, significant figures and explanations never leave the server
// before grading. explainResults is for AFTER grading: the explanation and the right answer,
// written out for people.
import { type Question, type QuizFile } from '#app/content/schema.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { type GradedQuiz } from './grade.ts'

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

export type PublicQuiz = {
  id: string
  passingScore: number
  maxAttempts: number
  questions: PublicQuestion[]
}

export type ExplainedQuestion = {
  id: string
  // The prompt as the learner read it (the quiz version the attempt answered).
  prompt: string
  correct: boolean
  score: number
  explanation: string
  correctAnswer: string
}

/**
 * The quiz without its keys, in one language. With quiz.shuffle and a seed, the options of single
 * and multiple questions and the items of match questions are shuffled deterministically from the
 * seed (the same seed always gives the same order). The options of order questions are ALWAYS
 * shuffled (from the seed, or from the quiz id without one) and never shown in the answer order.
 */
export function publicQuiz(quiz: QuizFile, lang: Lang, seed?: string): PublicQuiz {
  const shuffling = quiz.shuffle && seed !== undefined && seed !== ''
  const base = seed || quiz.id
  const texts = (list: Array<{ id: string; text: { en: string; es: string } }>): PublicOption[] =>
    list.map((o) => ({ id: o.id, text: o.text[lang] }))
  const maybeShuffle = <T>(list: T[], question: string, part: string): T[] =>
    shuffling ? seededShuffle(list, `${base}\u0000${question}\u0000${part}`) : list

  const questions = quiz.questions.map((q): PublicQuestion => {
    const common = { id: q.id, type: q.type, prompt: q.prompt[lang] }
    switch (q.type) {
      case 'single':
      case 'multiple':
        return { ...common, options: maybeShuffle(texts(q.options), q.id, 'options') }
      case 'truefalse':
      case 'text':
        return common
      case 'numeric':
        return q.unit ? { ...common, unit: q.unit[lang] } : common
      case 'match':
        return { ...common, categories: texts(q.categories), items: maybeShuffle(texts(q.items), q.id, 'items') }
      case 'order': {
        let options = seededShuffle(texts(q.options), `${base}\u0000${q.id}\u0000options`)
        if (options.every((o, i) => o.id === q.answer[i])) options = [...options.slice(1), ...options.slice(0, 1)]
        return { ...common, options }
      }
    }
  })
  return { id: quiz.id, passingScore: quiz.passingScore, maxAttempts: quiz.maxAttempts, questions }
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
 * Per graded question (in quiz order): the prompt, the explanation and the right answer, in lang.
 * Give it the quiz at the version the attempt answered (quizAtVersion), not today's.
 */
export function explainResults(quiz: QuizFile, graded: GradedQuiz, lang: Lang): ExplainedQuestion[] {
  const byId = new Map(graded.results.map((r) => [r.id, r]))
  const explained: ExplainedQuestion[] = []
  for (const question of quiz.questions) {
    const r = byId.get(question.id)
    if (!r) continue // the question was added after this attempt
    explained.push({
      id: question.id,
      prompt: question.prompt[lang],
      correct: r.correct,
      score: r.score,
      explanation: question.explanation[lang],
      correctAnswer: correctAnswer(question, lang),
    })
  }
  return explained
}

export function correctAnswer(question: Question, lang: Lang): string {
  const optionText = (list: Array<{ id: string; text: { en: string; es: string } }>, id: string) =>
    list.find((o) => o.id === id)?.text[lang] ?? id
  switch (question.type) {
    case 'single':
      return optionText(question.options, question.answer)
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
        .map((item) => `${item.text[lang]} → ${optionText(question.categories, item.answer)}`)
        .join('; ')
    case 'order':
      return question.answer.map((id, i) => `${i + 1}. ${optionText(question.options, id)}`).join('; ')
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
