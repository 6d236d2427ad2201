// A learner finishes the UN-CTS course in the browser (every lesson, every quiz); the course page says the certificate
// is being prepared until the job runner has issued it, then that it is ready (it refreshes
// itself); the learner receives it, downloads the Spanish PDF and finds their name and serial in
// it, opens the public verification page and sees it valid; an administrator revokes it and the
// same page then says revoked.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { type Page } from '@playwright/test'
import { parse } from 'yaml'
import { pdfText } from '../pdf.ts'
import { createLearner, expect, logIn, logInPage, seriousA11yViolations, test, waitForMail } from './fixtures.ts'

const COURSE = 'un-cts'
const COURSE_DIR = path.join('courses', COURSE)

type Question = {
  id: string
  type: 'single' | 'multiple' | 'truefalse' | 'numeric' | 'text' | 'match' | 'order'
  answer?: string | string[] | boolean | number
  accept?: { en: string[] }
  items?: { id: string; answer: string }[]
}
// Every quiz of the course: a lesson may embed any of them, and the certificate needs them all.
const quizzes = readdirSync(path.join(COURSE_DIR, 'quizzes'))
  .filter((name) => name.endsWith('.yaml'))
  .map(
    (name) =>
      parse(readFileSync(path.join(COURSE_DIR, 'quizzes', name), 'utf8')) as { id: string; questions: Question[] },
  )

async function answerRight(page: Page, quiz: (typeof quizzes)[number]) {
  const form = page.locator(`#quiz-${quiz.id} form`)
  for (const [index, q] of quiz.questions.entries()) {
    const group = form.locator('fieldset').nth(index)
    switch (q.type) {
      case 'multiple':
        for (const id of q.answer as string[]) await group.locator(`input[value="${id}"]`).check()
        break
      case 'numeric':
        await group.getByRole('textbox').fill(String(q.answer))
        break
      case 'text':
        await group.getByRole('textbox').fill(q.accept!.en[0]!)
        break
      case 'match':
        for (const item of q.items!)
          await group.locator(`select[name="answers.${q.id}.${item.id}"]`).selectOption(item.answer)
        break
      case 'order':
        for (const [i, id] of (q.answer as string[]).entries())
          await group.locator(`select[name="answers.${q.id}.${id}"]`).selectOption(String(i + 1))
        break
      default:
        await group.locator(`input[value="${String(q.answer)}"]`).check()
    }
  }
  await form.getByRole('button', { name: 'Submit answers' }).click()
}

test('finish a short course, get the certificate, download it, verify it; an administrator revokes it', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000)
  // A learner of our own, Spanish, with a name full of accents.
  const learner = await createLearner({ prefix: 'e2e-cert', displayName: 'José', certificateName: 'José Ñúñez García' })
  await logIn(page.request, learner.email)

  // The course page: enrol, then read the lessons in order.
  await page.goto(`/en/courses/${COURSE}`)
  await page.getByRole('button', { name: 'Enrol for free' }).first().click()
  // The "Start" link is on the page before enrolment too: wait for the enrolment to land, or the
  // lesson may load (unenrolled, without "Mark as complete") before the enrol action commits.
  await expect(page.getByRole('button', { name: 'Enrol for free' })).toHaveCount(0)
  await page
    .getByRole('link', { name: /^(Start|Resume)/ })
    .first()
    .click()
  await expect(page).toHaveURL(/\/en\/courses\/un-cts\/[^/]+\/[^/]+$/)
  for (;;) {
    await expect(page.locator('article h1')).toBeVisible()
    let passedHere = false
    for (const quiz of quizzes) {
      if (!(await page.locator(`#quiz-${quiz.id} form`).count())) continue
      // A passed quiz also completes its lesson.
      await answerRight(page, quiz)
      await expect(page.getByRole('status').filter({ hasText: 'Passed, with 100' })).toBeVisible()
      passedHere = true
    }
    if (!passedHere) {
      await page.getByRole('button', { name: 'Mark this lesson as complete' }).click()
      await expect(page.getByText('You have completed this lesson.')).toBeVisible()
    }
    // The last lesson has no "Next" link: the course is then complete.
    if (!(await page.getByRole('link', { name: /^Next/ }).count())) {
      await expect(page.getByRole('status').filter({ hasText: 'You have completed this course.' })).toBeVisible()
      break
    }
    const here = page.url()
    const title = (await page.locator('article h1').textContent())!
    await page.getByRole('link', { name: /^Next/ }).first().click()
    await expect(page).not.toHaveURL(here)
    // The address changes a moment before React shows the next lesson: wait for its heading, or
    // the quiz check above would look at the previous lesson.
    await expect(page.locator('article h1')).not.toHaveText(title)
  }

  // The job runner issues the certificate a moment after the completion: the course page says it
  // is being prepared (if it is not ready yet) and, refreshing itself, that it is ready.
  await page.goto(`/es/courses/${COURSE}`)
  const certificateBox = page.getByRole('region', { name: 'Su certificado' })
  await expect(
    certificateBox.getByText(/^Curso completado: su certificado (se está preparando|está listo)/),
  ).toBeVisible()
  expect(await seriousA11yViolations(page), 'the course page with its certificate').toEqual([])
  await expect(certificateBox.getByText('Curso completado: su certificado está listo.')).toBeVisible({
    timeout: 20_000,
  })
  await expect(certificateBox.getByRole('link', { name: 'Descárguelo desde Mi aprendizaje' })).toHaveAttribute(
    'href',
    '/es/dashboard',
  )

  // The certificate is on the dashboard, and the learner was told, in Spanish.
  const mail = await waitForMail('postgres', learner.email)
  expect(mail.subject).toContain('Su certificado')
  await page.goto('/es/dashboard')
  const card = page.getByTestId('certificate')
  await expect(card).toHaveCount(1)
  await expect(card.getByText('Válido')).toBeVisible()
  const serial = (await card.getByText(/^Serie AULA-\d{4}-\d{6}/).textContent())!.match(/AULA-\d{4}-\d{6}/)![0]
  expect(await seriousA11yViolations(page), 'the dashboard with a certificate').toEqual([])

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'PDF en español' }).click(),
  ])
  const pdf = readFileSync(await download.path())
  const text = pdfText(pdf)
  expect(text).toContain('José Ñúñez García')
  expect(text).toContain(serial)
  expect(text).toContain('CERTIFICADO DE FINALIZACIÓN')

  // The public verification page, as anyone would see it.
  await card.getByRole('link', { name: 'Página pública de verificación' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Certificado válido' })).toBeVisible()
  await expect(page.getByTestId('holder')).toHaveText('José Ñúñez García')
  const verifyUrl = page.url()
  expect(await seriousA11yViolations(page), 'the verification page').toEqual([])
  const fingerprint = page.getByTestId('sha256-es')
  await expect(fingerprint).toHaveText(/^[0-9a-f]{64}$/)
  await expect(fingerprint).toHaveText(createHash('sha256').update(pdf).digest('hex'))

  // An administrator finds it by serial and revokes it.
  const adminContext = await browser.newContext()
  const adminPage = await adminContext.newPage()
  await logInPage(adminPage, 'admin')
  await adminPage.goto(`/en/admin/certificates?q=${serial}`)
  const row = adminPage.getByTestId('certificate-row').filter({ hasText: serial })
  await expect(row).toHaveCount(1)
  expect(await seriousA11yViolations(adminPage), 'the certificates admin page').toEqual([])
  await row.getByPlaceholder('Reason for revoking').fill('Issued to the wrong account')
  await row.getByRole('button', { name: 'Revoke' }).click()
  await expect(adminPage.getByText(`Certificate ${serial} revoked.`)).toBeVisible()
  await adminContext.close()

  // The same page, for an anonymous reader in English this time.
  const anonymous = await browser.newContext()
  const reader = await anonymous.newPage()
  await reader.goto(verifyUrl.replace('/es/verify/', '/en/verify/'))
  await expect(reader.getByRole('heading', { level: 2, name: 'Revoked certificate' })).toBeVisible()
  await expect(reader.getByText(/This certificate was revoked on/)).toBeVisible()
  await anonymous.close()
  const revokedMail = await waitForMail('postgres', learner.email)
  expect(revokedMail.subject).toContain('revocado')
})

// A 404 is logged by the browser as a console error: a page without the fixture's check.
test('an unknown code: "not found" with a 404, in the reader\'s language, and nothing serious for axe', async ({
  browser,
}) => {
  const page = await browser.newPage()
  for (const [lang, heading] of [
    ['es', 'Certificado no encontrado'],
    ['en', 'Certificate not found'],
  ] as const) {
    const response = await page.goto(`/${lang}/verify/${'A'.repeat(27)}`)
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
    expect(await seriousA11yViolations(page)).toEqual([])
  }
  await page.close()
})
