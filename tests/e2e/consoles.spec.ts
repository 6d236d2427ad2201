// The consoles end to end, in Chromium against the production build: an administrator filters
// people by country, opens one, acts on them, and finds the action in the audit log; a trainer
// opens item analysis for a quiz. On the person's page the administrator also issues a
// certificate and revokes it, and finds the revocation in the audit log.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { DEMO, expect, logInPage, seriousA11yViolations, test } from './fixtures.ts'
import { e2eDatabaseUrl } from './paths.ts'

/** A learner of its own (the demo accounts stay as other tests expect them), from Uruguay. */
async function uruguayanLearner() {
  const id = `e2e-${randomUUID().slice(0, 8)}`
  const name = `Lucía Pérez ${id.slice(4)}`
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() })
  await client.connect()
  try {
    await client.query(
      `INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", "emailVerifiedAt", "updatedAt")
       VALUES ($1, $2, $3, $3, 'UY', 'INE Uruguay', 'national_statistical_office', now(), now())`,
      [id, `${id}@example.org`, name],
    )
  } finally {
    await client.end()
  }
  return { id, name }
}

test('an administrator filters people by country, opens one, enrols them, revokes a certificate, and finds both in the audit log', async ({
  page,
}) => {
  const person = await uruguayanLearner()
  await logInPage(page, 'admin')
  await page.goto('/en/admin')
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'People' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible()
  await page.getByLabel('Country').selectOption('UY')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page).toHaveURL(/[?&]country=UY(&|$)/)
  const table = page.getByRole('table')
  // Only people from Uruguay are listed.
  const countries = await table.locator('tbody tr td:nth-child(3)').allTextContents()
  expect(countries.length).toBeGreaterThan(0)
  expect(new Set(countries)).toEqual(new Set(['Uruguay']))
  await table.getByRole('link', { name: person.name }).click()
  await expect(page.getByRole('heading', { level: 1, name: person.name })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the person page').toEqual([])

  const course = 'Intentional homicide and SDG indicator 16.1.1'
  await page.getByLabel('Enrol in a course').selectOption({ label: course })
  await page.getByRole('button', { name: 'Enrol', exact: true }).click()
  await expect(page.getByText('The person has been enrolled.')).toBeVisible()
  const enrolments = page.getByRole('region', { name: 'Enrolments' })
  await expect(enrolments.getByRole('cell', { name: course })).toBeVisible()
  await expect(enrolments.getByRole('cell', { name: 'By an administrator' })).toBeVisible()
  // The trail on their page shows it.
  await expect(
    page.getByRole('region', { name: 'Audit trail' }).getByRole('cell', { name: 'Enrolled by an administrator' }),
  ).toBeVisible()

  // A certificate for the course, issued by hand, then revoked with a reason.
  await page.getByLabel('Issue a certificate').selectOption({ label: course })
  await page.getByRole('button', { name: 'Issue certificate' }).click()
  await expect(page.getByText(/^Certificate AULA-\d{4}-\d{6} issued\.$/)).toBeVisible()
  const certificate = page.getByTestId('person-certificate')
  await expect(certificate).toHaveCount(1)
  const serial = (await certificate.locator('td').first().textContent())!.trim()
  expect(serial).toMatch(/^AULA-\d{4}-\d{6}$/)
  expect(await seriousA11yViolations(page), 'the person page with a certificate').toEqual([])
  await certificate.getByPlaceholder('Reason for revoking').fill('Issued to the wrong person')
  await certificate.getByRole('button', { name: 'Revoke' }).click()
  await expect(page.getByText(`Certificate ${serial} revoked.`)).toBeVisible()
  await expect(certificate).toContainText('Issued to the wrong person')
  await expect(
    page.getByRole('region', { name: 'Audit trail' }).getByRole('cell', { name: 'Certificate revoked' }),
  ).toBeVisible()

  // And the audit log, filtered to this person, has it too.
  await page
    .getByRole('navigation', { name: 'Administration sections' })
    .getByRole('link', { name: 'Audit log' })
    .click()
  await page.getByLabel('Subject (e.g. user:…)').fill(`user:${person.id}`)
  await page.getByLabel('Action (e.g. user.role)').fill('enrolment.')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  const row = page.getByRole('row').filter({ hasText: 'Enrolled by an administrator' })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(DEMO.admin.displayName)
  await expect(row).toContainText('homicide-sdg16')

  // The revocation is in the log as well, with the serial and the reason.
  await page.getByLabel('Subject (e.g. user:…)').fill('certificate:')
  await page.getByLabel('Action (e.g. user.role)').fill('certificate.revoke')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  const revoked = page.getByRole('row').filter({ hasText: serial })
  await expect(revoked).toHaveCount(1)
  await expect(revoked).toContainText('Certificate revoked')
  await expect(revoked).toContainText(DEMO.admin.displayName)
  await expect(revoked).toContainText('Issued to the wrong person')
})

test('the people table exports what it shows as CSV with a byte-order mark', async ({ page }) => {
  await logInPage(page, 'admin')
  const response = await page.request.get('/es/admin/people.csv?country=CO')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8')
  const body = await response.body()
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = body.subarray(3).toString('utf8')
  expect(text.split('\r\n')[0]).toBe(
    'Nombre,Correo electrónico,Código de país,País,Institución,Tipo de institución,Rol,Inscripciones,Alta',
  )
  expect(text).toContain(DEMO.learner.displayName)
})

test('a trainer opens item analysis for a quiz of their course', async ({ page }) => {
  await logInPage(page, 'trainer')
  await page.goto('/en/teach')
  await page.getByRole('link', { name: 'Classifying crime for statistics: the ICCS' }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Classifying crime for statistics: the ICCS' }),
  ).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Drop-off by lesson' })).toBeVisible()
  await page
    .getByRole('link', { name: /^Item analysis: / })
    .first()
    .click()
  await expect(page.getByRole('heading', { level: 1, name: /^Item analysis: / })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: /^Question 1/ })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: 'Facility' }).first()).toBeVisible()
  await expect(page.getByRole('rowheader', { name: 'Discrimination' }).first()).toBeVisible()
  expect(await seriousA11yViolations(page)).toEqual([])
})
