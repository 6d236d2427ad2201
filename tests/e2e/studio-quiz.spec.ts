// The Studio's quiz editor in Chromium against the production build (issue #18, ADR 034 §3d): a
// trainer creates a quiz from the outline, writes its single-choice question in English and
// Spanish with one answer key, and sees it in the preview drawn by the learner's own component, in
// both languages; axe finds nothing serious on the page. Nothing is published (the integration test
// tests/integration/studio-quiz.test.ts publishes a quiz), so no other spec's course changes.
import { dbQuery, expect, logInPage, seriousA11yViolations, test, waitForHydration } from './fixtures.ts'

// A course no other Studio spec submits; a quiz id of its own per run.
const COURSE = 'homicide-sdg16'
const QUIZ = `e2e-quiz-${Date.now().toString(36)}`

test('a trainer adds a single-choice question in both languages and sees it in the preview', async ({ page }) => {
  test.setTimeout(120_000)
  // A rerun starts clean: no quiz drafts left by an earlier run.
  await dbQuery(`DELETE FROM "CourseFileDraft" WHERE "courseId" = $1 AND path LIKE 'quizzes/e2e-quiz-%'`, [COURSE])

  await logInPage(page, 'trainer')
  await page.goto(`/en/studio/${COURSE}`)
  await waitForHydration(page)
  await page.getByText('Create a quiz').click()
  await page.getByLabel('Quiz id').fill(QUIZ)
  await page.getByLabel('Type of the first question').selectOption('single')
  await page.getByRole('button', { name: 'Create the quiz' }).click()

  await expect(page).toHaveURL(new RegExp(`/en/studio/${COURSE}/quizzes/${QUIZ}$`))
  await expect(page.getByRole('heading', { level: 1, name: `Quiz ${QUIZ}` })).toBeVisible()
  await page.getByText('Edit the question question-1').click()
  const form = page.getByRole('form', { name: 'Question 1: question-1 (One correct option)' })
  await form.getByLabel('Question in English').fill('Which source counts victims who did not report?')
  await form.getByLabel('Question in Spanish').fill('¿Qué fuente cuenta a las víctimas que no denunciaron?')
  const row = (n: number) => form.getByRole('group', { name: `Row ${n}`, exact: true })
  await row(1).getByLabel('Text in English').fill('Police records')
  await row(1).getByLabel('Text in Spanish').fill('Los registros policiales')
  await row(2).getByLabel('Text in English').fill('A victimization survey')
  await row(2).getByLabel('Text in Spanish').fill('Una encuesta de victimización')
  await row(2).getByLabel('Row 2 is correct').check()
  await form.getByLabel('Explanation in English').fill('Surveys ask people, whether or not they reported.')
  await form.getByLabel('Explanation in Spanish').fill('Las encuestas preguntan a las personas, hayan denunciado o no.')
  await form.getByRole('button', { name: 'Save the question question-1' }).click()

  // Saved as a draft; the preview shows the question as learners will see it, read-only.
  await expect(page).toHaveURL(new RegExp(`/quizzes/${QUIZ}\\?question=question-1`))
  await expect(page.getByTestId('quiz-state')).toContainText('Draft in progress (revision 2)')
  const preview = page.getByTestId('quiz-preview')
  await expect(preview.getByRole('group', { name: /Which source counts victims who did not report\?/ })).toBeVisible()
  await expect(preview.getByRole('radio', { name: 'A victimization survey' })).toBeDisabled()
  await expect(preview.getByRole('radio', { name: 'Police records' })).toBeVisible()

  // In Spanish: the same question, the same options, from the same key.
  await page.getByLabel('Language of the preview').selectOption('es')
  await page.getByRole('button', { name: 'Show', exact: true }).click()
  await expect(page).toHaveURL(/preview=es/)
  await expect(page.getByRole('heading', { name: 'What learners see, in Spanish' })).toBeVisible()
  await expect(preview.getByRole('radio', { name: 'Una encuesta de victimización' })).toBeVisible()
  await expect(preview).toContainText('¿Qué fuente cuenta a las víctimas que no denunciaron?')

  expect(await seriousA11yViolations(page)).toEqual([])
})
