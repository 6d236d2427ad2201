// Fail a quiz, retry, pass, see progress rise, switch language, and find progress and results
// unchanged; the correct answers wait until the quiz is passed (ADR 020). An invalid form shows its
// error at the question with a summary that takes focus, with and without JavaScript. Then: no
// answer key or feedback text in any page HTML or built JavaScript.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { type Page } from '@playwright/test'
import { parse } from 'yaml'
import { CONVENTIONS, formatNumMarkup } from '#app/content/numbers.ts'
import { conventionFor } from '#app/quizzes/numbers.ts'
import { LANGS, type Lang } from '#app/utils/i18n.ts'
import { DEMO, expect, logInPage, seriousA11yViolations, test } from './fixtures.ts'

type Question = {
  id: string
  type: string
  answer?: unknown
  options?: Array<{ id: string; text: { en: string } }>
  items?: Array<{ id: string; answer: string }>
  categories?: Array<{ id: string; text: { en: string } }>
  accept?: { en: string[] }
  explanation: { en: string; es: string }
  hint?: { en: string; es: string }
}
/** A quiz text as the demo learner (Colombia) reads it: <Num /> markup in their convention (ADR 030). */
const shown = (text: string, lang: Lang = 'en') => formatNumMarkup(text, lang, conventionFor(lang, 'CO'))

const quiz = parse(readFileSync('courses/iccs/quizzes/foundations-quiz.yaml', 'utf8')) as {
  questions: Question[]
  passingScore: number
}
const LESSON_EN = '/en/courses/iccs/why-a-classification/acts-not-labels'

// The tests share the demo learner's attempts at this quiz: one after the other.
test.describe.configure({ mode: 'serial' })

async function answer(page: Page, right: boolean, { submit = 'Submit answers', samePosition = false } = {}) {
  const form = page.locator('#quiz-foundations-quiz form')
  for (const [index, q] of quiz.questions.entries()) {
    const group = form.locator('fieldset').nth(index)
    switch (q.type) {
      case 'single': {
        const id = right ? (q.answer as string) : q.options!.find((o) => o.id !== q.answer)!.id
        await group.locator(`input[value="${id}"]`).check()
        break
      }
      case 'multiple': {
        const ids = right
          ? (q.answer as string[])
          : q
              .options!.filter((o) => !(q.answer as string[]).includes(o.id))
              .slice(0, 1)
              .map((o) => o.id)
        for (const id of ids) await group.locator(`input[value="${id}"]`).check()
        break
      }
      case 'truefalse':
        await group.locator(`input[value="${String(right ? q.answer : !q.answer)}"]`).check()
        break
      case 'numeric':
        await group.getByRole('textbox').fill(right ? String(q.answer) : '999999')
        break
      case 'text':
        await group.getByRole('textbox').fill(right ? q.accept!.en[0]! : 'something else')
        break
      case 'match':
        for (const item of q.items!) {
          const category = right ? item.answer : q.categories!.find((c) => c.id !== item.answer)!.id
          await group.locator(`select[name="answers.${q.id}.${item.id}"]`).selectOption(category)
        }
        break
      case 'order': {
        // Wrong: every step moved one place (a reversal leaves the middle of an odd-length order right).
        const order = right ? (q.answer as string[]) : [...(q.answer as string[]).slice(1), (q.answer as string[])[0]!]
        // Two steps at position 1, as is easy to do with the keyboard.
        for (const [i, id] of order.entries())
          await group
            .locator(`select[name="answers.${q.id}.${id}"]`)
            .selectOption(String(samePosition && i === 1 ? 1 : i + 1))
        break
      }
    }
  }
  await form.getByRole('button', { name: submit }).click()
}

/** Each graded question shows its number once: the list's own marker or a written "1.", not both. */
async function numberedOnce(page: Page) {
  const items = page.locator('#quiz-foundations-quiz ol > li')
  await expect(items).toHaveCount(quiz.questions.length)
  const numbers = await items.evaluateAll((list) =>
    list.map((li) => {
      const marker = getComputedStyle(li).listStyleType !== 'none' ? 1 : 0
      const written = ((li as HTMLElement).innerText.match(/^(\d+\.\s*)+/)?.[0].match(/\d+\./g) ?? []).length
      return { marker, written, text: (li as HTMLElement).innerText.slice(0, 40) }
    }),
  )
  for (const [i, n] of numbers.entries()) {
    expect(n.marker + n.written, `question ${i + 1} numbered once: "${n.text}"`).toBe(1)
    if (n.written) expect(n.text.startsWith(`${i + 1}. `)).toBe(true)
  }
}

test('fail, retry, pass; progress rises and survives a change of language', async ({ page }) => {
  await logInPage(page, 'learner')
  await page.goto(LESSON_EN)
  // The demo learner is not enrolled in a fresh database yet: enrol from the lesson.
  const enrol = page.getByRole('button', { name: 'Enrol for free' }).first()
  if (await enrol.isVisible()) await enrol.click()
  await expect(page.getByRole('button', { name: 'Submit answers' })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the quiz form').toEqual([])

  await answer(page, false)
  await expect(page.getByRole('status').filter({ hasText: 'Not passed yet' })).toBeVisible()
  // Attempts remain: right or wrong, the learner's answers and the hints, no correct answer or explanation.
  const results = page.locator('#quiz-foundations-quiz')
  await expect(results.getByText('Incorrect', { exact: true })).toHaveCount(quiz.questions.length)
  await expect(results.getByText(/→ read as/)).toBeVisible()
  for (const q of quiz.questions.filter((x) => x.hint)) await expect(results.getByText(shown(q.hint!.en))).toBeVisible()
  for (const q of quiz.questions) await expect(page.getByText(shown(q.explanation.en))).toHaveCount(0)
  await expect(results.getByText('Correct answer:')).toHaveCount(0)
  await expect(results.getByText(/shown once you pass this quiz or have used every attempt/)).toBeVisible()
  await numberedOnce(page)
  expect(await seriousA11yViolations(page), 'the quiz results').toEqual([])
  await page.getByRole('link', { name: 'Try again' }).click()

  await answer(page, true)
  await expect(page.getByRole('status').filter({ hasText: 'Passed, with 100' })).toBeVisible()
  // Passed: the explanations are shown.
  for (const q of quiz.questions) await expect(page.getByText(shown(q.explanation.en))).toBeVisible()
  await numberedOnce(page)
  await expect(page.getByText('You have completed this lesson.')).toBeVisible()
  const progress = page.getByText(/% of the course complete/)
  const percentEn = Number((await progress.textContent())!.match(/(\d+) %/)![1])
  expect(percentEn).toBeGreaterThan(0)

  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Español' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await expect(page.getByText('Completó esta lección.')).toBeVisible()
  await expect(page.getByText(`${percentEn} % del curso completado`)).toBeVisible()
  await expect(page.getByText('Su mejor resultado: 100 %.')).toBeVisible()

  await page.goto('/es/dashboard')
  await expect(page.getByText(`${percentEn} % del curso completado`)).toBeVisible()
  // The next thing to do (issue 15, item 7): this lesson is done, so the next lesson, or its own if not.
  await expect(page.getByRole('link', { name: /^(Siguiente|Continuar):/ })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the dashboard').toEqual([])
  expect(DEMO.learner.email).toBe('learner@aula.example')
})

const INVALID = {
  en: {
    submit: 'Submit answers',
    title: 'There is a problem with your answers',
    message: 'Give each position to one option only.',
    question: 'Question',
  },
  es: {
    submit: 'Enviar respuestas',
    title: 'Hay un problema con sus respuestas',
    message: 'Asigne cada posición a una sola opción.',
    question: 'Pregunta',
  },
} as const
const ORDER = quiz.questions.findIndex((q) => q.type === 'order')

/** The page after an invalid submission: the error at its question and a summary, focused, at the top of the quiz. */
async function showsErrorAtQuestion(page: Page, lang: 'en' | 'es', { axe = true } = {}) {
  const words = INVALID[lang]
  const order = quiz.questions[ORDER]!
  const summary = page.locator('#quiz-form-foundations-quiz-errors')
  await expect(summary).toBeFocused()
  await expect(summary).toBeInViewport()
  await expect(summary.getByRole('heading', { name: words.title })).toBeVisible()
  const link = summary.getByRole('link', { name: `${words.question} ${ORDER + 1}: ${words.message}` })
  await expect(link).toBeVisible()
  const question = page.locator(`fieldset#quiz-form-foundations-quiz-${order.id}`)
  await expect(question).toHaveAttribute('aria-invalid', 'true')
  await expect(question.getByText(words.message)).toBeVisible()
  // Only in the quiz: nothing at the top of the lesson.
  // (the summary's link and the question's own message)
  await expect(page.locator('#quiz-foundations-quiz').getByText(words.message)).toHaveCount(2)
  await expect(page.getByText(words.message)).toHaveCount(2)
  // (axe runs as a script in the page: with JavaScript on; the markup is the same without.)
  if (axe) expect(await seriousA11yViolations(page), `the invalid quiz (${lang})`).toEqual([])
  return { link, question }
}

test('an invalid quiz shows its error at the question and a summary that takes focus, with and without JavaScript', async ({
  browser,
  baseURL,
}) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, baseURL })
    try {
      const page = await context.newPage()
      // Console errors fail the test, except the refused form's own answer (a 400, by design).
      const errors: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 400/.test(message.text())) errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await logInPage(page, 'learner')
      await page.goto(LESSON_EN)
      const enrol = page.getByRole('button', { name: 'Enrol for free' }).first()
      if (await enrol.isVisible()) await enrol.click()
      await expect(page.getByRole('button', { name: 'Submit answers' })).toBeVisible()
      const before = await page
        .getByText(/attempts? left/)
        .first()
        .textContent()

      for (const lang of ['en', 'es'] as const) {
        await page.goto(LESSON_EN.replace('/en/', `/${lang}/`))
        await answer(page, true, { submit: INVALID[lang].submit, samePosition: true })
        // Without JavaScript the server's page does it all: the browser focuses the summary on load.
        const { link, question } = await showsErrorAtQuestion(page, lang, { axe: javaScriptEnabled })
        // The answers given are still there.
        const numeric = quiz.questions.find((q) => q.type === 'numeric')!
        await expect(page.locator(`input[name="answers.${numeric.id}"]`)).toHaveValue(String(numeric.answer))
        if (javaScriptEnabled) {
          // The summary's link takes the keyboard to the question.
          await link.click()
          await expect(question.locator('select').first()).toBeFocused()
        }
      }
      // Nothing was recorded.
      await page.goto(LESSON_EN)
      await expect(page.getByText(/attempts? left/).first()).toHaveText(before!)
      expect(errors, 'console errors in the browser').toEqual([])
    } finally {
      await context.close()
    }
  }
})

test('no answer key or feedback in any lesson page or built JavaScript', async ({ request }) => {
  const secrets: string[] = []
  for (const course of readdirSync('courses')) {
    for (const file of readdirSync(path.join('courses', course, 'quizzes'))) {
      const q = parse(readFileSync(path.join('courses', course, 'quizzes', file), 'utf8')) as { questions: Question[] }
      // As written and as shown in either number convention (<Num /> markup, ADR 030).
      for (const question of q.questions)
        for (const lang of LANGS)
          secrets.push(
            question.explanation[lang],
            ...CONVENTIONS.map((c) => formatNumMarkup(question.explanation[lang], lang, c)),
          )
    }
  }
  const texts: Array<[string, string]> = []
  for (const file of readdirSync('build/client/assets').filter((f) => f.endsWith('.js'))) {
    texts.push([`asset ${file}`, await (await request.get(`/assets/${file}`)).text()])
  }
  for (const lang of LANGS) {
    for (const lesson of [
      'why-a-classification/acts-not-labels',
      'structure/key-definitions',
      'applying-the-iccs/common-mistakes',
    ]) {
      const html = await (await request.get(`/${lang}/courses/iccs/${lesson}`)).text()
      texts.push([`${lang}/${lesson}`, html])
      for (const module of html.match(/\/content\/lessons\/[a-f0-9]{24}\.js/g) ?? [])
        texts.push([module, await (await request.get(module)).text()])
    }
  }
  expect(texts.length).toBeGreaterThan(10)
  // One assertion over all pairs: an expect per pair (texts × explanations) outgrew the test's timeout.
  const leaks = texts.flatMap(([where, text]) =>
    secrets.filter((secret) => text.includes(secret)).map((secret) => `${where} contains "${secret.slice(0, 50)}"`),
  )
  expect(leaks).toEqual([])
  // The manifest with the keys is never served.
  expect((await request.get('/content/manifest.json')).status()).toBe(404)
  expect((await request.get('/content/lessons/../manifest.json')).status()).toBe(404)
})
