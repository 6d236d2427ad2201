import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { parse } from 'yaml'
import { QuizSchema, type QuizFile } from '#app/content/schema.ts'
import { type Lang, LANGS } from '#app/utils/i18n.ts'
import { gradeQuiz } from './grade.ts'
import { hashString, mulberry32, publicQuiz, reviewAttempt, seededShuffle } from './public.ts'

const t = (en: string, es: string) => ({ en, es })
const opt = (id: string, en: string, es: string) => ({ id, text: t(en, es) })

const fixture = (shuffle: boolean): QuizFile =>
  QuizSchema.parse({
    id: 'fixture-quiz',
    passingScore: 60,
    maxAttempts: 3,
    shuffle,
    questions: [
      {
        id: 'pick-one',
        type: 'single',
        prompt: t('Pick one', 'Elija una'),
        options: [
          opt('a', 'Alpha', 'Alfa'),
          opt('b', 'Bravo', 'Bravo'),
          opt('c', 'Charlie', 'Carlos'),
          opt('d', 'Delta', 'Delta'),
          opt('e', 'Echo', 'Eco'),
          opt('f', 'Foxtrot', 'Fox'),
        ],
        answer: 'c',
        explanation: t('SECRET-EXPLANATION-1 en', 'SECRETO-EXPLICACION-1 es'),
      },
      {
        id: 'pick-many',
        type: 'multiple',
        prompt: t('Pick many', 'Elija varias'),
        options: [
          opt('a', 'One', 'Uno'),
          opt('b', 'Two', 'Dos'),
          opt('c', 'Three', 'Tres'),
          opt('d', 'Four', 'Cuatro'),
          opt('e', 'Five', 'Cinco'),
        ],
        answer: ['a', 'c'],
        explanation: t('SECRET-EXPLANATION-2 en', 'SECRETO-EXPLICACION-2 es'),
      },
      {
        id: 'is-it',
        type: 'truefalse',
        prompt: t('Is it?', '¿Lo es?'),
        answer: true,
        explanation: t('SECRET-EXPLANATION-3 en', 'SECRETO-EXPLICACION-3 es'),
      },
      {
        id: 'rate',
        type: 'numeric',
        prompt: t('Rate?', '¿Tasa?'),
        answer: 18200.5,
        tolerance: { absolute: 0.25 },
        significantFigures: 6,
        unit: t('per 100,000 adults', 'por cada 100 000 adultos'),
        explanation: t('SECRET-EXPLANATION-4 en', 'SECRETO-EXPLICACION-4 es'),
      },
      {
        id: 'share',
        type: 'numeric',
        prompt: t('Share?', '¿Proporción?'),
        answer: 5,
        tolerance: { relative: 0.01 },
        explanation: t('SECRET-EXPLANATION-5 en', 'SECRETO-EXPLICACION-5 es'),
      },
      {
        id: 'term',
        type: 'text',
        prompt: t('Term?', '¿Término?'),
        accept: { en: ['SECRET-ACCEPT-EN', 'SECRET-ACCEPT-EN-2'], es: ['SECRETO-ACEPTA-ES'] },
        explanation: t('SECRET-EXPLANATION-6 en', 'SECRETO-EXPLICACION-6 es'),
      },
      {
        id: 'classify',
        type: 'match',
        prompt: t('Classify', 'Clasifique'),
        categories: [opt('x', 'Ex', 'Equis'), opt('y', 'Why', 'I griega')],
        items: [
          { id: 'i1', text: t('Item 1', 'Ítem 1'), answer: 'x' },
          { id: 'i2', text: t('Item 2', 'Ítem 2'), answer: 'y' },
          { id: 'i3', text: t('Item 3', 'Ítem 3'), answer: 'x' },
          { id: 'i4', text: t('Item 4', 'Ítem 4'), answer: 'y' },
          { id: 'i5', text: t('Item 5', 'Ítem 5'), answer: 'x' },
        ],
        explanation: t('SECRET-EXPLANATION-7 en', 'SECRETO-EXPLICACION-7 es'),
      },
      {
        id: 'sequence',
        type: 'order',
        prompt: t('Order them', 'Ordénelos'),
        options: [
          opt('first', 'First', 'Primero'),
          opt('second', 'Second', 'Segundo'),
          opt('third', 'Third', 'Tercero'),
          opt('fourth', 'Fourth', 'Cuarto'),
        ],
        answer: ['first', 'second', 'third', 'fourth'],
        explanation: t('SECRET-EXPLANATION-8 en', 'SECRETO-EXPLICACION-8 es'),
      },
      {
        id: 'two-steps',
        type: 'order',
        prompt: t('Two steps', 'Dos pasos'),
        options: [opt('one', 'One', 'Uno'), opt('two', 'Two', 'Dos')],
        answer: ['one', 'two'],
        explanation: t('SECRET-EXPLANATION-9 en', 'SECRETO-EXPLICACION-9 es'),
      },
    ],
  })

/** Every string that must never reach the browser before grading. */
function secrets(quiz: QuizFile): string[] {
  const out: string[] = []
  for (const q of quiz.questions) {
    out.push(q.explanation.en, q.explanation.es)
    if (q.type === 'text') out.push(...q.accept.en, ...q.accept.es)
  }
  return out
}

const forbiddenKeys = [
  'answer',
  'accept',
  'tolerance',
  'explanation',
  'significantFigures',
  'absolute',
  'relative',
  'shuffle',
  'countsForCertificate',
]

function assertNoLeak(quiz: QuizFile, json: string) {
  for (const key of forbiddenKeys) expect(json, key).not.toContain(`"${key}"`)
  const visible = visibleTexts(quiz)
  // The word itself, unless a prompt or option really uses it ("Give your answer in …").
  if (!visible.some((text) => /answer/i.test(text))) expect(json).not.toMatch(/answer/i)
  for (const secret of secrets(quiz)) {
    // An accepted answer that is also part of a text the learner must see anyway (the answer
    // "0102" to one question is the category "0102 Attempted intentional homicide" of another)
    // cannot be told apart; everything else must be absent.
    if (visible.some((text) => text.includes(secret))) continue
    expect(json, secret).not.toContain(JSON.stringify(secret).slice(1, -1))
  }
}

/** Prompts, option, category and item texts and units: what the learner is meant to see. */
function visibleTexts(quiz: QuizFile): string[] {
  const out: string[] = []
  const both = (b: { en: string; es: string }) => out.push(b.en, b.es)
  for (const q of quiz.questions) {
    both(q.prompt)
    if ('options' in q) q.options.forEach((o) => both(o.text))
    if (q.type === 'match') [...q.categories, ...q.items].forEach((o) => both(o.text))
    if (q.type === 'numeric' && q.unit) both(q.unit)
  }
  return out
}

test('the leak check itself catches a leak', () => {
  const quiz = fixture(true)
  expect(() => assertNoLeak(quiz, JSON.stringify(quiz))).toThrow()
  const leakyExplanation = { ...publicQuiz(quiz, 'es'), note: quiz.questions[3]!.explanation.es }
  expect(() => assertNoLeak(quiz, JSON.stringify(leakyExplanation))).toThrow()
  const leakyAccept = { ...publicQuiz(quiz, 'en'), note: 'secret-accept-en: SECRET-ACCEPT-EN-2' }
  expect(() => assertNoLeak(quiz, JSON.stringify(leakyAccept))).toThrow()
})

test('publicQuiz keeps ids, prompts, texts in one language and units', () => {
  const quiz = fixture(false)
  const en = publicQuiz(quiz, 'en')
  expect(en).toMatchObject({ id: 'fixture-quiz', passingScore: 60, maxAttempts: 3 })
  expect(Object.keys(en).sort()).toEqual(['id', 'maxAttempts', 'passingScore', 'questions'])
  expect(en.questions.map((q) => [q.id, q.type])).toEqual([
    ['pick-one', 'single'],
    ['pick-many', 'multiple'],
    ['is-it', 'truefalse'],
    ['rate', 'numeric'],
    ['share', 'numeric'],
    ['term', 'text'],
    ['classify', 'match'],
    ['sequence', 'order'],
    ['two-steps', 'order'],
  ])
  expect(en.questions[0]).toEqual({
    id: 'pick-one',
    type: 'single',
    prompt: 'Pick one',
    options: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot'].map((text, i) => ({ id: 'abcdef'[i], text })),
  })
  expect(en.questions[2]).toEqual({ id: 'is-it', type: 'truefalse', prompt: 'Is it?' })
  expect(en.questions[3]).toEqual({ id: 'rate', type: 'numeric', prompt: 'Rate?', unit: 'per 100,000 adults' })
  expect(en.questions[4]).toEqual({ id: 'share', type: 'numeric', prompt: 'Share?' })
  expect(en.questions[5]).toEqual({ id: 'term', type: 'text', prompt: 'Term?' })
  expect(en.questions[6]).toMatchObject({
    categories: [
      { id: 'x', text: 'Ex' },
      { id: 'y', text: 'Why' },
    ],
  })
  expect(en.questions[6]?.items?.map((i) => i.id)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5'])

  const es = publicQuiz(quiz, 'es')
  expect(es.questions[0]?.prompt).toBe('Elija una')
  expect(es.questions[0]?.options?.[2]).toEqual({ id: 'c', text: 'Carlos' })
  expect(es.questions[3]?.unit).toBe('por cada 100 000 adultos')
  expect(es.questions[6]?.items?.[0]).toEqual({ id: 'i1', text: 'Ítem 1' })
})

test('publicQuiz leaks no answer, accepted answer, tolerance or explanation', () => {
  for (const shuffle of [false, true]) {
    const quiz = fixture(shuffle)
    for (const lang of LANGS) {
      for (const seed of [undefined, 'seed-1']) assertNoLeak(quiz, JSON.stringify(publicQuiz(quiz, lang, seed)))
    }
  }
})

test('publicQuiz leaks nothing from the real course quizzes either', () => {
  const root = path.resolve('courses')
  let count = 0
  for (const course of fs.readdirSync(root)) {
    const dir = path.join(root, course, 'quizzes')
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const quiz = QuizSchema.parse(parse(fs.readFileSync(path.join(dir, name), 'utf8')))
      for (const lang of LANGS) {
        const json = JSON.stringify(publicQuiz(quiz, lang, 'learner:attempt'))
        assertNoLeak(quiz, json)
        // Order questions never start in the answer order.
        for (const q of quiz.questions) {
          if (q.type !== 'order') continue
          const shown = publicQuiz(quiz, lang, 'learner:attempt').questions.find((p) => p.id === q.id)!
          expect(
            shown.options!.map((o) => o.id),
            `${name} ${q.id}`,
          ).not.toEqual(q.answer)
          expect([...shown.options!.map((o) => o.id)].sort()).toEqual([...q.answer].sort())
        }
      }
      count++
    }
  }
  expect(count).toBeGreaterThan(0)
})

test('without quiz.shuffle, options and items keep the file order even with a seed', () => {
  const quiz = fixture(false)
  const shown = publicQuiz(quiz, 'en', 'any-seed')
  expect(shown.questions[0]?.options?.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  expect(shown.questions[1]?.options?.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
  expect(shown.questions[6]?.items?.map((o) => o.id)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5'])
})

test('with quiz.shuffle but no seed, options keep the file order', () => {
  const shown = publicQuiz(fixture(true), 'en')
  expect(shown.questions[0]?.options?.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
})

const orderOf = (quiz: QuizFile, seed: string | undefined, lang: Lang = 'en') =>
  publicQuiz(quiz, lang, seed).questions.map((q) => [...(q.options ?? q.items ?? []).map((o) => o.id)].join(','))

test('shuffling is deterministic for a seed, the same in both languages', () => {
  const quiz = fixture(true)
  expect(orderOf(quiz, 'learner-1:quiz:0')).toEqual(orderOf(quiz, 'learner-1:quiz:0'))
  expect(orderOf(quiz, 'learner-1:quiz:0', 'es')).toEqual(orderOf(quiz, 'learner-1:quiz:0', 'en'))
  expect(publicQuiz(quiz, 'en', 'seed')).toEqual(publicQuiz(quiz, 'en', 'seed'))
})

test('shuffling differs across seeds and keeps every option once', () => {
  const quiz = fixture(true)
  const seen = new Set<string>()
  for (let i = 0; i < 20; i++) {
    const shown = publicQuiz(quiz, 'en', `learner:${i}`)
    seen.add(shown.questions[0]!.options!.map((o) => o.id).join(','))
    expect([...shown.questions[0]!.options!.map((o) => o.id)].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
    expect([...shown.questions[1]!.options!.map((o) => o.id)].sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect([...shown.questions[6]!.items!.map((o) => o.id)].sort()).toEqual(['i1', 'i2', 'i3', 'i4', 'i5'])
    expect(shown.questions[6]!.categories!.map((o) => o.id)).toEqual(['x', 'y'])
  }
  expect(seen.size).toBeGreaterThan(10)
  expect(orderOf(quiz, 'seed-a')).not.toEqual(orderOf(quiz, 'seed-b'))
})

test('order options never start in the answer order, with or without shuffle or seed', () => {
  for (const shuffle of [false, true]) {
    const quiz = fixture(shuffle)
    const seeds = [undefined, '', ...Array.from({ length: 200 }, (_, i) => `seed-${i}`)]
    const firstOrders = new Set<string>()
    for (const seed of seeds) {
      const shown = publicQuiz(quiz, 'en', seed)
      const sequence = shown.questions.find((q) => q.id === 'sequence')!.options!.map((o) => o.id)
      const twoSteps = shown.questions.find((q) => q.id === 'two-steps')!.options!.map((o) => o.id)
      expect(sequence).not.toEqual(['first', 'second', 'third', 'fourth'])
      expect([...sequence].sort()).toEqual(['first', 'fourth', 'second', 'third'])
      expect(twoSteps).toEqual(['two', 'one'])
      firstOrders.add(sequence.join(','))
    }
    // Shuffled per seed, not fixed.
    expect(firstOrders.size).toBeGreaterThan(5)
  }
})

test('the seeded PRNG is deterministic and spreads values over [0, 1)', () => {
  const a = mulberry32(hashString('x'))
  const b = mulberry32(hashString('x'))
  const values = Array.from({ length: 1000 }, () => a())
  expect(Array.from({ length: 1000 }, () => b())).toEqual(values)
  expect(values.every((v) => v >= 0 && v < 1)).toBe(true)
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  expect(mean).toBeGreaterThan(0.45)
  expect(mean).toBeLessThan(0.55)
  expect(hashString('a')).not.toBe(hashString('b'))
  expect(seededShuffle([1, 2, 3, 4, 5], 's').sort()).toEqual([1, 2, 3, 4, 5])
})

const ANSWERS = {
  'pick-one': 'a',
  'pick-many': ['a'],
  'is-it': 'true',
  rate: '18 200,5',
  share: '5',
  term: 'secret-accept-en',
  classify: { i1: 'x', i2: 'y', i3: 'x', i4: 'y', i5: 'y' },
  sequence: ['first', 'second', 'fourth', 'third'],
  'two-steps': ['one', 'two'],
}

test('reviewAttempt, answers revealed: the explanation and the right answer in the language', () => {
  const quiz = fixture(true)
  const graded = gradeQuiz(quiz, ANSWERS, { convention: 'comma', lang: 'es' })
  const attempt = { results: graded.results, answers: ANSWERS }
  const en = reviewAttempt(quiz, attempt, 'en', { reveal: true })
  expect(en.map((q) => q.id)).toEqual(quiz.questions.map((q) => q.id))
  const byId = Object.fromEntries(en.map((q) => [q.id, q]))
  expect(byId['pick-one']).toEqual({
    id: 'pick-one',
    prompt: 'Pick one',
    correct: false,
    score: 0,
    given: 'Alpha',
    explanation: 'SECRET-EXPLANATION-1 en',
    correctAnswer: 'Charlie',
  })
  expect(byId['pick-many']).toMatchObject({ correct: false, score: 0.5, correctAnswer: 'One; Three' })
  expect(byId['is-it']).toMatchObject({ correct: true, score: 1, correctAnswer: 'True' })
  expect(byId['rate']).toMatchObject({
    correct: true,
    correctAnswer: '18,200.5 ± 0.25 per 100,000 adults (to 6 significant figures)',
  })
  expect(byId['share']).toMatchObject({ correct: true, correctAnswer: '5 (± 1%)' })
  expect(byId['term']).toMatchObject({ correct: true, correctAnswer: 'SECRET-ACCEPT-EN' })
  expect(byId['classify']).toMatchObject({
    correct: false,
    score: 0.8,
    correctAnswer: 'Item 1 → Ex; Item 2 → Why; Item 3 → Ex; Item 4 → Why; Item 5 → Ex',
  })
  expect(byId['sequence']).toMatchObject({
    correct: false,
    score: 0.5,
    correctAnswer: '1. First; 2. Second; 3. Third; 4. Fourth',
  })

  const es = Object.fromEntries(reviewAttempt(quiz, attempt, 'es', { reveal: true }).map((q) => [q.id, q]))
  expect(es['pick-one']).toMatchObject({ explanation: 'SECRETO-EXPLICACION-1 es', correctAnswer: 'Carlos' })
  expect(es['is-it']?.correctAnswer).toBe('Verdadero')
  expect(es['rate']?.correctAnswer).toBe('18.200,5 ± 0,25 por cada 100 000 adultos (con 6 cifras significativas)')
  expect(es['share']?.correctAnswer).toMatch(/^5 \(± 1\s%\)$/)
  expect(es['term']?.correctAnswer).toBe('SECRETO-ACEPTA-ES')
  expect(es['classify']?.correctAnswer).toContain('Ítem 2 → I griega')
  expect(es['sequence']?.correctAnswer).toBe('1. Primero; 2. Segundo; 3. Tercero; 4. Cuarto')
})

test("reviewAttempt, answers hidden: results, the learner's own answers as read and hints, no key or explanation", () => {
  const base = fixture(false)
  const quiz = QuizSchema.parse({
    ...base,
    questions: base.questions.map((q) =>
      q.id === 'pick-one' || q.id === 'is-it' ? { ...q, hint: t(`HINT ${q.id}`, `PISTA ${q.id}`) } : q,
    ),
  })
  const answers = { ...ANSWERS, rate: '92,8', share: 'lots' }
  const graded = gradeQuiz(quiz, answers, { convention: 'comma', lang: 'es' })
  const reviewed = reviewAttempt(quiz, { results: graded.results, answers }, 'en', { reveal: false })
  const json = JSON.stringify(reviewed)
  for (const secret of ['SECRET-EXPLANATION', 'Charlie', 'One; Three', 'SECRET-ACCEPT-EN', '3. Third; 4. Fourth'])
    expect(json).not.toContain(secret)
  expect(json).not.toMatch(/"(explanation|correctAnswer)"/)
  const byId = Object.fromEntries(reviewed.map((q) => [q.id, q]))
  // The hint of a question answered wrongly; none on a right one (is-it was answered right).
  expect(byId['pick-one']).toEqual({
    id: 'pick-one',
    prompt: 'Pick one',
    correct: false,
    score: 0,
    given: 'Alpha',
    hint: 'HINT pick-one',
  })
  expect(byId['is-it']).toEqual({ id: 'is-it', prompt: 'Is it?', correct: true, score: 1, given: 'True' })
  // A numeric answer as the learner wrote it and as it was read; one that could not be read.
  expect(byId['rate']).toMatchObject({ given: '92,8', readAs: '92.8', correct: false })
  expect(byId['share']).toMatchObject({ given: 'lots', readAs: null, correct: false })
  expect(byId['pick-many']).toMatchObject({ given: 'One', score: 0.5 })
  expect(byId['term']).toMatchObject({ given: 'secret-accept-en', correct: true })
  expect(byId['classify']?.given).toBe('Item 1 → Ex; Item 2 → Why; Item 3 → Ex; Item 4 → Why; Item 5 → Why')
  expect(byId['sequence']?.given).toBe('1. First; 2. Second; 3. Fourth; 4. Third')
  const es = Object.fromEntries(
    reviewAttempt(quiz, { results: graded.results, answers }, 'es', { reveal: false }).map((q) => [q.id, q]),
  )
  expect(es['pick-one']).toMatchObject({ given: 'Alfa', hint: 'PISTA pick-one' })
})

test('reviewAttempt: "False" / "Falso", questions missing from an older attempt, unanswered questions', () => {
  const quiz = QuizSchema.parse({
    id: 'tf',
    passingScore: 50,
    questions: [
      { id: 'one', type: 'truefalse', prompt: t('?', '?'), answer: false, explanation: t('why', 'por qué') },
      { id: 'two', type: 'truefalse', prompt: t('?', '?'), answer: true, explanation: t('why', 'por qué') },
    ],
  })
  const attempt = {
    results: [
      { id: 'one', correct: false, score: 0, answered: true },
      { id: 'gone', correct: true, score: 1, answered: true },
    ],
    answers: { one: 'true', gone: 'true' },
  }
  expect(reviewAttempt(quiz, attempt, 'en', { reveal: true })).toEqual([
    { id: 'one', prompt: '?', correct: false, score: 0, given: 'True', explanation: 'why', correctAnswer: 'False' },
  ])
  expect(reviewAttempt(quiz, attempt, 'es', { reveal: true })[0]?.correctAnswer).toBe('Falso')
  expect(reviewAttempt(quiz, { ...attempt, answers: {} }, 'en', { reveal: false })[0]?.given).toBeNull()
})

test("quantities in quiz text (<Num />) are shown in the reader's convention; the language default without one", () => {
  const quiz = QuizSchema.parse({
    id: 'numbers-quiz',
    passingScore: 60,
    maxAttempts: 3,
    questions: [
      {
        id: 'rate',
        type: 'single',
        prompt: t(
          "Which rate is <Num value='92.9' unit='%' /> (ICCS 0101, SDG 16.1.1)?",
          "¿Qué tasa es <Num value='92.9' unit='%' /> (ICCS 0101, ODS 16.1.1)?",
        ),
        options: [opt('a', "<Num value='1530' />", "<Num value='1530' />"), opt('b', 'none', 'ninguna')],
        answer: 'a',
        explanation: t("Because <Num value='12.5' />.", "Porque <Num value='12.5' />."),
      },
    ],
  })
  const mexico = publicQuiz(quiz, 'es', undefined, 'point').questions[0]!
  const colombia = publicQuiz(quiz, 'es', undefined, 'comma').questions[0]!
  expect(mexico.prompt).toBe('¿Qué tasa es 92.9\u00A0% (ICCS 0101, ODS 16.1.1)?')
  expect(colombia.prompt).toBe('¿Qué tasa es 92,9\u00A0% (ICCS 0101, ODS 16.1.1)?')
  expect(mexico.options![0]!.text).toBe('1,530')
  expect(colombia.options![0]!.text).toBe('1.530')
  expect(publicQuiz(quiz, 'en').questions[0]!.prompt).toBe('Which rate is 92.9% (ICCS 0101, SDG 16.1.1)?')
  const attempt = { results: [{ id: 'rate', correct: true, score: 1, answered: true }], answers: { rate: 'a' } }
  expect(reviewAttempt(quiz, attempt, 'es', { reveal: true, convention: 'comma' })[0]).toMatchObject({
    prompt: '¿Qué tasa es 92,9\u00A0% (ICCS 0101, ODS 16.1.1)?',
    given: '1.530',
    explanation: 'Porque 12,5.',
    correctAnswer: '1.530',
  })
})
