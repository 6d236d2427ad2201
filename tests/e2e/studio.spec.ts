// The Studio in Chromium against the production build (issue #18, ADR 034 §3): a trainer opens a
// lesson, inserts a key term on the Spanish side with the toolbar, sees the preview update, types
// a component with an attribute it does not take and sees the problem, translated, at its line in
// the list and in the editor, fixes it, and finds the draft after a reload. The Studio's pages are
// axe clean, and a learner's lesson page loads none of the editor's JavaScript.
import { type Page } from '@playwright/test'
import { dbQuery, expect, logInPage, seriousA11yViolations, test, waitForHydration } from './fixtures.ts'

const LESSON = '/es/studio/iccs/why-a-classification/common-language'

/** The line number CodeMirror shows beside the line holding `text`, and whether a problem marker is on that row. */
async function lineOf(page: Page, text: string) {
  return page.evaluate((needle) => {
    const root = document.querySelector('[data-testid="studio-editor-es"]')!
    const line = [...root.querySelectorAll('.cm-line')].find((l) => l.textContent?.includes(needle))
    if (!line) return null
    const top = line.getBoundingClientRect().top
    const near = (el: Element) => Math.abs(el.getBoundingClientRect().top - top) < 4
    const number = [...root.querySelectorAll('.cm-lineNumbers .cm-gutterElement')].find(near)?.textContent ?? null
    const marked = [...root.querySelectorAll('.cm-lint-marker-error')].some((m) =>
      near(m.closest('.cm-gutterElement') ?? m),
    )
    return { number: number ? Number(number) : null, marked }
  }, text)
}

/** Types text as a person does: line breaks with Enter (CodeMirror's keymap), the rest as text. */
async function write(page: Page, text: string) {
  const lines = text.split('\n')
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter')
    if (line) await page.keyboard.insertText(line)
  }
}

test('a trainer writes in the Spanish side: key term, preview, a problem at its line, fixed, kept after reload', async ({
  page,
}) => {
  await dbQuery(
    `DELETE FROM "LessonDraft" WHERE "courseId" = 'iccs' AND "lessonId" = 'why-a-classification/common-language'`,
  )
  await logInPage(page, 'trainer')

  await page.goto('/es/studio')
  await expect(page.getByRole('heading', { level: 1, name: 'Estudio' })).toBeVisible()
  expect(await seriousA11yViolations(page)).toEqual([])
  await page.getByRole('link', { name: /Clasificar el delito con fines estadísticos/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Estructura de/ })).toBeVisible()
  expect(await seriousA11yViolations(page)).toEqual([])

  await page.goto(LESSON)
  await waitForHydration(page)
  const spanish = page.getByTestId('studio-editor-es').locator('.cm-content')
  await expect(spanish).toBeVisible()
  await expect(page.getByTestId('studio-status-es')).toHaveText('Aún no hay borrador: este es el texto publicado.')
  // The first preview (in Spanish, the page's language) is there before any typing.
  await expect(page.getByTestId('studio-preview')).toBeVisible()
  expect(await seriousA11yViolations(page)).toEqual([])

  // A key term from the toolbar at the end of the Spanish text.
  await spanish.click()
  await page.keyboard.press('Control+End')
  await write(page, '\n\nUna definición de prueba con un ')
  await page
    .getByRole('toolbar', { name: 'Insertar un componente del curso en español' })
    .getByRole('button', { name: 'Término clave' })
    .click()
  await expect(spanish).toContainText('<KeyTerm id="')
  await expect(page.getByTestId('studio-preview')).toContainText('Una definición de prueba con un término')

  // A component with an attribute it does not take: the problem, translated, at its line.
  await page.keyboard.press('Control+End')
  await write(page, '\n\n<Callout type="note" onclick="alert(1)">Hola</Callout>')
  const problems = page.getByTestId('studio-problems-es')
  await expect(problems).toContainText('Este componente no admite este atributo.')
  const broken = await lineOf(page, 'onclick')
  expect(broken?.number).toBeGreaterThan(1)
  await expect(problems).toContainText(`Línea ${broken!.number}`)
  await expect.poll(async () => (await lineOf(page, 'onclick'))?.marked).toBe(true)
  // The preview keeps the last good render; nothing ran (no dialog opened).
  page.on('dialog', () => {
    throw new Error('a dialog opened: the lesson ran code')
  })

  // Fixed: the problem goes, the preview shows the callout.
  for (let i = 0; i < '<Callout type="note" onclick="alert(1)">Hola</Callout>'.length; i++)
    await page.keyboard.press('Backspace')
  await page.keyboard.insertText('<Callout type="note">Hola, mundo</Callout>')
  await expect(page.getByText('Sin problemas.').last()).toBeVisible()
  await expect(page.getByTestId('studio-preview')).toContainText('Hola, mundo')
  await expect(page.getByTestId('studio-status-es')).toHaveText(/Borrador guardado \(revisión \d+\)\./)

  // The draft is kept: after a reload the editor starts from it.
  await page.reload()
  await waitForHydration(page)
  // (CodeMirror draws only the lines in view: the text is read from the form's field under it.)
  await expect(page.getByTestId('studio-editor-es').locator('.cm-content')).toBeVisible()
  await expect(page.locator('#studio-source-es')).toHaveValue(/Una definición de prueba con un <KeyTerm id="/)
  await expect(page.locator('#studio-source-es')).toHaveValue(/<Callout type="note">Hola, mundo<\/Callout>$/)
  await expect(page.getByTestId('studio-status-es')).toHaveText(/Borrador guardado \(revisión \d+\)\./)
  const [draft] = await dbQuery<{ source: string }>(
    `SELECT source FROM "LessonDraft" WHERE "courseId" = 'iccs' AND "lessonId" = 'why-a-classification/common-language' AND locale = 'es'`,
  )
  expect(draft?.source).toContain('<Callout type="note">Hola, mundo</Callout>')
  expect(draft?.source).not.toContain('onclick')

  // The learner's lesson page loads none of the Studio's JavaScript.
  const scripts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url())
  })
  await page.goto('/es/courses/iccs/why-a-classification/common-language')
  // Its modules are imported by the page's module script, not preloaded ahead of the lesson's first
  // paint (ADR 027 §16), and the page still hydrates.
  await expect(page.locator('link[rel="modulepreload"]')).toHaveCount(0)
  await waitForHydration(page)
  expect(scripts.length).toBeGreaterThan(0)
  expect(scripts.filter((url) => /codemirror|studio/.test(url))).toEqual([])
  // Nor the forms' schemas (Zod, Conform): the page validates nothing in the browser (ADR 027 §15).
  const withZod: string[] = []
  for (const url of scripts) if ((await (await page.request.get(url)).text()).includes('ZodError')) withZod.push(url)
  expect(withZod).toEqual([])
})
