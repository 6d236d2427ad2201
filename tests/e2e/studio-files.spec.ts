// The Studio's glossary and dataset editors in Chromium against the production build (issue #18,
// ADR 034 §3e): the demo trainer opens both from the course's outline, adds a term in both languages
// and changes a dataset column's Spanish label; the pages hydrate without a console error and are axe
// clean before and after. Nothing is submitted; the drafts are removed at the end, so no other spec's
// review takes them (victimization-surveys: no other spec writes its drafts).
import { dbQuery, expect, logInPage, seriousA11yViolations, test, waitForHydration } from './fixtures.ts'

const COURSE = 'victimization-surveys'

test('a trainer adds a glossary term and relabels a dataset column from the outline; both pages are axe clean', async ({
  page,
}) => {
  const clean = () => dbQuery(`DELETE FROM "CourseFileDraft" WHERE "courseId" = $1`, [COURSE])
  await clean()
  try {
    await logInPage(page, 'trainer')
    await page.goto(`/es/studio/${COURSE}`)
    await page.getByRole('link', { name: 'Glosario', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Glosario de')
    await waitForHydration(page)
    expect(await seriousA11yViolations(page)).toEqual([])

    const id = `e2e-${Date.now().toString(36)}`
    await page.getByText('Añadir un término', { exact: true }).click()
    const add = page.getByRole('group').filter({ has: page.getByText('Añadir un término', { exact: true }) })
    await add.getByLabel('Identificador del término').fill(id)
    await add.getByLabel('Término en inglés').fill('reporting rate')
    await add.getByLabel('Definición en inglés').fill('The share of incidents that victims reported to the police.')
    await add.getByLabel('Término en español').fill('tasa de denuncia')
    await add
      .getByLabel('Definición en español')
      .fill('Proporción de incidentes que las víctimas denunciaron a la policía.')
    await add.getByRole('button', { name: 'Añadir el término' }).click()
    const added = page.getByRole('region', { name: new RegExp(id) })
    await expect(added.getByLabel('Término en español')).toHaveValue('tasa de denuncia')
    await expect(page.getByRole('status').filter({ hasText: 'Borrador guardado por Tom Trainer' })).toBeVisible()
    expect(await seriousA11yViolations(page)).toEqual([])

    await page.getByRole('link', { name: /Volver a la estructura/ }).click()
    await expect(page.getByRole('listitem').filter({ hasText: 'Glosario' })).toContainText('Borrador en curso')
    await page.getByRole('link', { name: 'Conjuntos de datos', exact: true }).click()
    await page.getByRole('link', { name: /Víctimas, delitos y denuncias por región/ }).click()
    await waitForHydration(page)
    await expect(page.getByTestId('dataset-preview')).toContainText('Víctimas (personas)')
    expect(await seriousA11yViolations(page)).toEqual([])
    await page.getByLabel('Etiqueta en español de la columna 3').fill('Víctimas estimadas')
    await page.getByRole('button', { name: 'Guardar el conjunto de datos' }).click()
    await expect(page.getByTestId('dataset-preview')).toContainText('Víctimas estimadas (personas)')
    expect(await seriousA11yViolations(page)).toEqual([])
  } finally {
    await clean()
  }
})
