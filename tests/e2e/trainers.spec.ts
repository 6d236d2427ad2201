// Who teaches what, end to end in Chromium against the production build (issue #18 item 5): an
// administrator opens the trainers page from the console's navigation in Spanish, is told that a
// learner cannot be assigned, assigns a trainer by e-mail, and that trainer then finds the course in
// their trainer area (/es/teach) at the next page, without a restart. axe checks the console page.
import { createLearner, DEMO, dbQuery, expect, logIn, logInPage, seriousA11yViolations, test } from './fixtures.ts'

const COURSE = { id: 'iccs', es: 'Clasificar el delito con fines estadísticos: la ICCS' }

test('an administrator assigns a trainer in Spanish and the trainer sees the course in /es/teach', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL })
  const page = await context.newPage()
  // Console errors fail the test, except the refused assignment's own answer (a 409, by design).
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 409/.test(message.text())) errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  // A trainer of this spec's own (the demo trainer's courses stay as the other specs expect them).
  const trainer = await createLearner({
    prefix: 'e2e-trainer',
    displayName: 'Teresa Formadora',
    certificateName: 'Teresa Formadora',
  })
  await dbQuery(`UPDATE "User" SET role = 'trainer' WHERE id = $1`, [trainer.id])
  const learner = await createLearner({
    prefix: 'e2e-not-trainer',
    displayName: 'Luis Aprendiz',
    certificateName: 'Luis',
  })

  // Before: the trainer teaches nothing.
  await logIn(page.request, trainer.email)
  await page.goto('/es/teach')
  await expect(page.getByRole('heading', { level: 1, name: 'Enseñar' })).toBeVisible()
  await expect(page.getByRole('link', { name: COURSE.es })).toHaveCount(0)

  await logInPage(page, 'admin')
  await page.goto('/es/admin')
  await page
    .getByRole('navigation', { name: 'Secciones de administración' })
    .getByRole('link', { name: 'Formadores' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Formadores' })).toBeVisible()
  await expect(page.getByRole('banner').getByText(DEMO.admin.displayName)).toBeVisible()
  expect(await seriousA11yViolations(page), 'the trainers page').toEqual([])

  const section = page.getByRole('region', { name: COURSE.es })
  const email = section.getByLabel(`Correo electrónico del formador que se asignará a ${COURSE.es}`)
  // A learner's address: refused, saying why, and nothing assigned.
  await email.fill(learner.email)
  await section.getByRole('button', { name: 'Asignar formador' }).click()
  await expect(section.getByText('Esta cuenta es de un estudiante.', { exact: false })).toBeVisible()
  await expect(section.getByRole('cell', { name: learner.email, exact: false })).toHaveCount(0)
  expect(await seriousA11yViolations(page), 'the trainers page with an error').toEqual([])

  await email.fill(trainer.email)
  await section.getByRole('button', { name: 'Asignar formador' }).click()
  await expect(page.getByText(`Formador asignado a ${COURSE.es}.`)).toBeVisible()
  await expect(section.getByRole('cell', { name: trainer.email, exact: false })).toBeVisible()
  await expect(section.getByRole('cell', { name: DEMO.admin.displayName })).toBeVisible()
  const rows = await dbQuery<{ assignedById: string }>(
    `SELECT "assignedById" FROM "CourseTrainer" WHERE "courseId" = $1 AND "userId" = $2`,
    [COURSE.id, trainer.id],
  )
  expect(rows).toEqual([{ assignedById: DEMO.admin.id }])

  // The trainer's next page lists the course, and its page opens.
  await logIn(page.request, trainer.email)
  await page.goto('/es/teach')
  await page.getByRole('link', { name: COURSE.es }).click()
  await expect(page).toHaveURL(`/es/teach/${COURSE.id}`)
  await expect(page.getByRole('heading', { level: 1, name: COURSE.es })).toBeVisible()
  expect(errors, 'console errors in the browser').toEqual([])
  await context.close()
})
