// A figure with a new image in the Studio, in Chromium against the production build (issue #18, ADR
// 034 §3f): the trainer opens the Figure form from the Spanish toolbar, picks a PNG and writes its
// alt text; the image is uploaded, the figure inserted at the cursor, and the preview shows the draft
// image. The editor with the form open is axe clean. Bad files are refused by the upload route
// (tests/integration/studio-images.test.ts). The drafts are removed afterwards (nothing published).
import sharp from 'sharp'
import { dbQuery, expect, logInPage, seriousA11yViolations, test, waitForHydration } from './fixtures.ts'

const COURSE = 'homicide-sdg16'
const LESSON_ID = 'defining-homicide/three-elements'

const clean = () =>
  Promise.all([
    dbQuery(`DELETE FROM "CourseFileDraft" WHERE "courseId" = $1`, [COURSE]),
    dbQuery(`DELETE FROM "LessonDraft" WHERE "courseId" = $1 AND "lessonId" = $2`, [COURSE, LESSON_ID]),
  ])

test.afterEach(clean)

test('a trainer inserts a figure with a new image: uploaded, inserted at the cursor, shown in the preview', async ({
  page,
}) => {
  await clean()
  await logInPage(page, 'trainer')
  await page.goto(`/es/studio/${COURSE}/${LESSON_ID}`)
  await waitForHydration(page)
  const spanish = page.getByTestId('studio-editor-es').locator('.cm-content')
  await expect(spanish).toBeVisible()
  await spanish.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')

  const toolbar = page.getByRole('toolbar', { name: 'Insertar un componente del curso en español' })
  const figure = toolbar.getByRole('button', { name: 'Figura' })
  await expect(figure).toHaveAttribute('aria-expanded', 'false')
  await figure.click()
  await expect(figure).toHaveAttribute('aria-expanded', 'true')
  const form = page.getByTestId('studio-figure-es')
  expect(await seriousA11yViolations(page)).toEqual([])

  const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 0, g: 120, b: 90 } } })
    .png()
    .toBuffer()
  await form.getByLabel('Archivo de la imagen nueva').setInputFiles({
    name: 'Tasa por región.png',
    mimeType: 'image/png',
    buffer: png,
  })
  await form.getByLabel('Texto alternativo en español').fill('Tasa de homicidios por región')
  await form.getByLabel('Leyenda en español (opcional)').fill('Datos inventados')
  await form.getByRole('button', { name: 'Insertar la figura' }).click()

  await expect(spanish).toContainText(
    /<Figure src="assets\/tasa-por-region-[0-9a-f]{8}\.png" alt="Tasa de homicidios por región" caption="Datos inventados" \/>/,
  )
  await expect(figure).toHaveAttribute('aria-expanded', 'false')
  // The preview shows the draft image from the Studio's own address, loaded.
  const image = page.getByTestId('studio-preview').getByRole('img', { name: 'Tasa de homicidios por región' })
  await expect(image).toBeVisible()
  await expect(image).toHaveAttribute('src', /^\/es\/studio\/homicide-sdg16\/images\?file=tasa-por-region-/)
  // (A figure's image loads lazily: in view.)
  await image.scrollIntoViewIfNeeded()
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(80)
  // Saved as a draft with the text; the image is a file draft of the course.
  await expect(page.getByTestId('studio-status-es')).toHaveText(/Borrador guardado \(revisión \d+\)\./)
  const drafts = await dbQuery<{ path: string }>(`SELECT path FROM "CourseFileDraft" WHERE "courseId" = $1`, [COURSE])
  expect(drafts.map((d) => d.path)).toEqual([expect.stringMatching(/^assets\/tasa-por-region-[0-9a-f]{8}\.png$/)])
  // The new image is offered for the next figure.
  await figure.click()
  await expect(form.getByLabel('Imagen del curso')).toContainText('tasa-por-region-')
})
