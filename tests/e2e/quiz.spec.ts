// Fail a quiz, retry, pass, see progress rise, switch language, and find progress and results
// unchanged. Then: no answer key or feedback text in any page HTML or built JavaScript.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { LANGS } from '#app/utils/i18n.ts'
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
}
const quiz = parse(readFileSync('courses/iccs/quizzes/foundations-quiz.yaml', 'utf8')) as {
  questions: Question[]
  passingScore: number
}
const LESSON_EN = '/en/courses/iccs/why-a-classification/acts-not-labels'

async function answer(page: import('@playwright/test').Page, right: boolean) {
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
        const order = right ? (q.answer as string[]) : [...(q.answer as string[])].reverse()
        for (const [i, id] of order.entries())
          await group.locator(`select[name="answers.${q.id}.${id}"]`).selectOption(String(i + 1))
        break
      }
    }
  }
  await form.getByRole('button', { name: 'Submit answers' }).click()
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
  await expect(page.getByText(quiz.questions[0]!.explanation.en)).toBeVisible()
  expect(await seriousA11yViolations(page), 'the quiz results').toEqual([])
  await page.getByRole('link', { name: 'Try again' }).click()

  await answer(page, true)
  await expect(page.getByRole('status').filter({ hasText: 'Passed, with 100' })).toBeVisible()
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
  await expect(page.getByRole('link', { name: /^Continuar:/ })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the dashboard').toEqual([])
  expect(DEMO.learner.email).toBe('learner@aula.example')
})

test('no answer key or feedback in any lesson page or built JavaScript', async ({ request }) => {
  const secrets: string[] = []
  for (const course of readdirSync('courses')) {
    for (const file of readdirSync(path.join('courses', course, 'quizzes'))) {
      const q = parse(readFileSync(path.join('courses', course, 'quizzes', file), 'utf8')) as { questions: Question[] }
      for (const question of q.questions) secrets.push(question.explanation.en, question.explanation.es)
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
  for (const [where, text] of texts) {
    for (const secret of secrets) expect(text, `${where} contains "${secret.slice(0, 50)}"`).not.toContain(secret)
  }
  // The manifest with the keys is never served.
  expect((await request.get('/content/manifest.json')).status()).toBe(404)
  expect((await request.get('/content/lessons/../manifest.json')).status()).toBe(404)
})
