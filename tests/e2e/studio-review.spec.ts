// Review and publish in the Studio, in Chromium against the production build (issue #18, ADR 034
// §3a): a trainer adds a line to a lesson in Spanish and submits the drafts for review; an
// administrator opens the review, reads the diff with the new line, and publishes; the server's job
// runner builds the new version, and a learner then reads the new line on the lesson page. The
// review page is axe clean. (Another course than studio.spec.ts's, whose drafts a submit would take.)
import {
  dbQuery,
  expect,
  logIn,
  logInPage,
  createLearner,
  seriousA11yViolations,
  test,
  waitForHydration,
} from './fixtures.ts'

const COURSE = 'victimization-surveys'
const LESSON_ID = 'dark-figure/what-records-miss'
const ADDED = `Una línea nueva publicada desde el Estudio (${Date.now()}).`

test('a trainer submits a Spanish edit, an administrator reads the diff and publishes, a learner reads the new line', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000)
  // A rerun starts clean: no draft (of a lesson, a file or the outline), no open review of the course.
  await dbQuery(`DELETE FROM "LessonDraft" WHERE "courseId" = $1`, [COURSE])
  await dbQuery(`DELETE FROM "CourseFileDraft" WHERE "courseId" = $1`, [COURSE])
  await dbQuery(`DELETE FROM "CourseOutlineDraft" WHERE "courseId" = $1`, [COURSE])
  await dbQuery(`DELETE FROM "ContentReview" WHERE "courseId" = $1 AND status IN ('submitted', 'publishing')`, [COURSE])

  await logInPage(page, 'trainer')
  await page.goto(`/es/studio/${COURSE}/${LESSON_ID}`)
  await waitForHydration(page)
  const spanish = page.getByTestId('studio-editor-es').locator('.cm-content')
  await expect(spanish).toBeVisible()
  await spanish.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')
  await page.keyboard.insertText(ADDED)
  await expect(page.getByTestId('studio-status-es')).toHaveText(/Borrador guardado \(revisión \d+\)\./)

  await page.goto(`/es/studio/${COURSE}`)
  await expect(page.getByText('Borrador en curso').first()).toBeVisible()
  await page.getByLabel('Mensaje para quien revise (opcional)').fill('Añadí una línea a la primera lección.')
  await page.getByRole('button', { name: 'Enviar todos los borradores a revisión' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Revisión de borradores/ })).toBeVisible()
  await expect(page.getByText('Pendiente de revisión.')).toBeVisible()
  // The submitter cannot publish their own review.
  await expect(page.getByRole('button', { name: 'Publicar' })).toHaveCount(0)
  const reviewUrl = page.url()

  const context = await browser.newContext()
  const admin = await context.newPage()
  await logInPage(admin, 'admin')
  await admin.goto(reviewUrl)
  await waitForHydration(admin)
  const added = admin.locator('ins', { hasText: ADDED })
  await expect(added).toBeVisible()
  await expect(added).toContainText('Añadida:')
  expect(await seriousA11yViolations(admin)).toEqual([])
  await admin.getByRole('button', { name: 'Publicar' }).click()
  // Publishing runs in the server's job runner; the page follows it (it polls while publishing).
  await expect(admin.getByText(/Publicada como versión \d+\./)).toBeVisible({ timeout: 120_000 })
  expect(await seriousA11yViolations(admin)).toEqual([])
  await context.close()

  // A learner reads the new line: every node serves the new version within seconds.
  const learner = await createLearner({
    prefix: 'e2e-review',
    displayName: 'Lectora',
    certificateName: 'Lectora Prueba',
    enrolIn: COURSE,
  })
  const reader = await browser.newContext()
  const lessonPage = await reader.newPage()
  await logIn(lessonPage.request, learner.email)
  await expect
    .poll(
      async () => {
        await lessonPage.goto(`/es/courses/${COURSE}/${LESSON_ID}`)
        return (await lessonPage.locator('.lesson-prose').textContent()) ?? ''
      },
      { timeout: 40_000 },
    )
    .toContain(ADDED)
  await reader.close()
})
