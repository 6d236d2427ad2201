// The outline in the Studio, in Chromium against the production build (issue #18, ADR 034 §3b): a
// trainer who is not an administrator adds a lesson in both languages from the outline, writes it
// with the toolbar's key term, worked example and quiz, sees the preview and no problems, removes
// the draft status and submits; an administrator reads the outline change and publishes; a learner
// then reads the lesson in English and Spanish, with their progress on an older lesson kept.
// (un-cts: neither studio.spec.ts nor studio-review.spec.ts submits it.)
import { randomUUID } from 'node:crypto'
import {
  createLearner,
  dbQuery,
  expect,
  logIn,
  logInPage,
  seriousA11yViolations,
  test,
  waitForHydration,
} from './fixtures.ts'

const COURSE = 'un-cts'
const MODULE = 'the-survey'
const OLD_LESSON = 'what-it-is'
// A slug of its own per run: a rerun adds another lesson.
const SLUG = `counting-victims-${Date.now().toString(36)}`
const TITLE = { en: 'Counting victims', es: 'Contar víctimas' }
const TEXT = {
  en: `---\ntitle: "${TITLE.en}"\nsummary: "Who is counted as a victim, and how often."\nminutes: 5\n---\n\nA victim is counted once per offence.\n`,
  es: `---\ntitle: "${TITLE.es}"\nsummary: "A quién se cuenta como víctima, y cuántas veces."\nminutes: 5\n---\n\nCada víctima se cuenta una vez por delito.\n`,
}

test('a trainer adds a lesson in both languages, an administrator publishes it, a learner reads it with their progress kept', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000)
  // A rerun starts clean: no drafts, no outline draft, no open review of the course.
  await dbQuery(`DELETE FROM "LessonDraft" WHERE "courseId" = $1`, [COURSE])
  await dbQuery(`DELETE FROM "CourseOutlineDraft" WHERE "courseId" = $1`, [COURSE])
  await dbQuery(`DELETE FROM "CourseFileDraft" WHERE "courseId" = $1`, [COURSE])
  await dbQuery(`DELETE FROM "ContentReview" WHERE "courseId" = $1 AND status IN ('submitted', 'publishing')`, [COURSE])

  // A learner who completed the module's first lesson before the new one was added.
  const learner = await createLearner({
    prefix: 'e2e-outline',
    displayName: 'Lía',
    certificateName: 'Lía Prueba',
    enrolIn: COURSE,
  })
  await dbQuery(
    `INSERT INTO "LessonProgress" (id, "userId", "courseId", "lessonId", "completedAt") VALUES ($1, $2, $3, $4, now())`,
    [randomUUID(), learner.id, COURSE, `${MODULE}/${OLD_LESSON}`],
  )

  // The trainer (not an administrator) adds the lesson from the outline.
  await logInPage(page, 'trainer')
  await page.goto(`/en/studio/${COURSE}`)
  await waitForHydration(page)
  await page.getByText('Add a lesson to The UN-CTS in brief').click()
  // (A bad slug is refused with a 400 beside its field: tests/integration/studio-outline.test.ts;
  // here it would be a console error.)
  const addForm = page.locator('form', { has: page.locator(`input[name="module"][value="${MODULE}"]`) }).filter({
    has: page.getByRole('button', { name: 'Add the lesson' }),
  })
  await addForm.getByLabel('Lesson address (slug)').fill(SLUG)
  await addForm.getByLabel('Title in English').fill(TITLE.en)
  await addForm.getByLabel('Title in Spanish').fill(TITLE.es)
  await addForm.getByRole('button', { name: 'Add the lesson' }).click()

  // The new lesson opens in the editor, as a draft in both languages.
  await expect(page).toHaveURL(new RegExp(`/en/studio/${COURSE}/${MODULE}/${SLUG}$`))
  await expect(page.getByRole('heading', { level: 1, name: `Editing ${TITLE.en}` })).toBeVisible()
  await waitForHydration(page)
  for (const locale of ['en', 'es'] as const) {
    const language = locale === 'en' ? 'English' : 'Spanish'
    const editor = page.getByTestId(`studio-editor-${locale}`).locator('.cm-content')
    await expect(editor).toBeVisible()
    await expect(editor).toContainText('status: draft')
    await editor.click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Delete')
    // The text without `status: draft`: published with the review.
    await page.keyboard.insertText(TEXT[locale])
    const toolbar = page.getByRole('toolbar', { name: `Insert a course component in ${language}` })
    for (const button of ['Key term', 'Worked example', 'Quiz']) {
      await page.keyboard.press('Control+End')
      await toolbar.getByRole('button', { name: button, exact: true }).click()
    }
    await expect(editor).toContainText('<KeyTerm')
    await expect(editor).toContainText('<WorkedExample')
    await expect(editor).toContainText('<Quiz id=')
    await expect(editor).not.toContainText('status: draft')
    await expect(page.getByTestId(`studio-status-${locale}`)).toHaveText(/Draft saved \(revision \d+\)\./, {
      timeout: 20_000,
    })
    await expect(page.locator(`#studio-problems-${locale}`)).toContainText('No problems.')
  }
  // The live preview, in English.
  await expect(page.getByTestId('studio-preview')).toContainText('A victim is counted once per offence.', {
    timeout: 20_000,
  })

  // Submit from the outline: the new lesson is listed there.
  await page.goto(`/en/studio/${COURSE}`)
  await expect(page.getByRole('link', { name: `Edit ${TITLE.en}` })).toBeVisible()
  await page.getByLabel('Message to the reviewer (optional)').fill('A new lesson on counting victims.')
  await page.getByRole('button', { name: 'Submit all drafts for review' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Review of drafts/ })).toBeVisible()
  const reviewUrl = page.url()

  // An administrator reads the outline change and the texts, and publishes.
  const context = await browser.newContext()
  const admin = await context.newPage()
  await logInPage(admin, 'admin')
  await admin.goto(reviewUrl)
  await waitForHydration(admin)
  await expect(admin.getByTestId('outline-changes')).toContainText(`New lesson «${TITLE.en}» in module 1`)
  await expect(admin.locator('ins', { hasText: 'A victim is counted once per offence.' })).toBeVisible()
  await admin.getByRole('button', { name: 'Publish' }).click()
  await expect(admin.getByText(/Published as version \d+\./)).toBeVisible({ timeout: 150_000 })
  await context.close()

  // The learner reads the lesson in both languages; their earlier lesson is still completed.
  const reader = await browser.newContext()
  const lessonPage = await reader.newPage()
  await logIn(lessonPage.request, learner.email)
  await expect
    .poll(
      async () => {
        const response = await lessonPage.goto(`/en/courses/${COURSE}/${MODULE}/${SLUG}`)
        return response?.status()
      },
      { timeout: 40_000 },
    )
    .toBe(200)
  await expect(lessonPage.getByRole('heading', { level: 1, name: TITLE.en })).toBeVisible()
  await expect(lessonPage.locator('.lesson-prose')).toContainText('A victim is counted once per offence.')
  await expect(lessonPage.getByRole('link', { name: /What the UN-CTS is .*\(completed\)/ })).toBeVisible()
  await lessonPage.goto(`/es/courses/${COURSE}/${MODULE}/${SLUG}`)
  await expect(lessonPage.getByRole('heading', { level: 1, name: TITLE.es })).toBeVisible()
  await expect(lessonPage.locator('.lesson-prose')).toContainText('Cada víctima se cuenta una vez por delito.')
  await reader.close()
})

test('the outline (with its add-a-module form) and the versions page, in Spanish, are axe clean', async ({ page }) => {
  await logInPage(page, 'trainer')
  await page.goto(`/es/studio/${COURSE}`)
  await waitForHydration(page)
  await expect(page.getByRole('heading', { level: 2, name: 'Añadir un módulo' })).toBeVisible()
  expect(await seriousA11yViolations(page)).toEqual([])
  await page.getByRole('link', { name: 'Versiones y reversión' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /^Versiones de / })).toBeVisible()
  await expect(page.getByRole('row', { name: /\(publicada\)/ })).toBeVisible()
  expect(await seriousA11yViolations(page)).toEqual([])
})
