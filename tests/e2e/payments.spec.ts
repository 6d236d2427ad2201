// A learner buys the paid course (homicide-sdg16, USD 49) through the offline stand-in for
// Stripe Checkout: the stand-in sends the server a signed webhook, the webhook enrols, and the
// learner lands in the first lesson. The "postgres" server runs with STRIPE_OFFLINE=true.
import { randomUUID } from 'node:crypto'
import { checkoutCompleted } from '#tests/mocks/stripe.ts'
import { pdfText } from '../pdf.ts'
import {
  createLearner,
  dbQuery,
  DEMO,
  expect,
  linkIn,
  logIn,
  logInPage,
  offlineStripeSignature,
  seriousA11yViolations,
  test,
  waitForMail,
} from './fixtures.ts'

const query = dbQuery

/** A new learner (Spanish-speaking) with the demo password: the demo accounts stay unenrolled. */
function newLearner(): Promise<{ id: string; email: string }> {
  return createLearner({
    prefix: 'e2e-buyer',
    displayName: 'Camila',
    certificateName: 'Camila Rojas Díaz',
    country: 'CL',
    organisation: 'INE Chile',
  })
}

test('a learner buys the paid course through the offline checkout and lands in its first lesson', async ({ page }) => {
  const learner = await newLearner()
  await logIn(page.request, learner.email)

  await page.goto('/en/courses/homicide-sdg16')
  await expect(page.getByRole('button', { name: 'Buy the course: USD 49.00' })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the paid course page').toEqual([])
  await page.getByRole('button', { name: 'Buy the course: USD 49.00' }).click()

  // The stand-in for Stripe's hosted page, in the learner's language and the course's currency.
  await expect(page).toHaveURL(/\/en\/dev\/checkout\/cs_test_[a-f0-9]+\?s=/)
  await expect(page.getByRole('heading', { level: 1, name: 'Test checkout' })).toBeVisible()
  await expect(page.getByText('USD 49.00').first()).toBeVisible()
  expect(await seriousA11yViolations(page), 'the offline checkout page').toEqual([])
  expect(await query('SELECT 1 FROM "Enrollment" WHERE "userId" = $1', [learner.id])).toHaveLength(0)
  await page.getByRole('button', { name: 'Pay USD 49.00' }).click()

  // Once the webhook has confirmed the payment, straight into the first lesson (no "Start" page).
  await expect(page).toHaveURL('/en/courses/homicide-sdg16/defining-homicide/three-elements')
  await expect(page.getByRole('status').filter({ hasText: 'you are enrolled in' })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the first lesson, with the toast').toEqual([])
  await expect(
    page.getByRole('heading', { level: 1, name: 'The statistical definition and its three elements' }),
  ).toBeVisible()

  const rows = await query<{ source: string; status: string; amountCents: number; currency: string }>(
    `SELECT e.source::text, p.status::text, p."amountCents", p.currency FROM "Enrollment" e JOIN "Payment" p ON p."userId" = e."userId" AND p."courseId" = e."courseId" WHERE e."userId" = $1`,
    [learner.id],
  )
  expect(rows).toEqual([{ source: 'payment', status: 'paid', amountCents: 4900, currency: 'USD' }])
  // The confirmation, in the learner's preferred language (Spanish), though they bought in English.
  const mail = await waitForMail('postgres', learner.email, { subject: /^Ya está inscrito en / })
  expect(mail.text).toContain('Hola, Camila:')

  // The receipt: mailed in Spanish with a link to its PDF, which carries what a public body needs.
  const receiptMail = await waitForMail('postgres', learner.email, { subject: /^Su recibo AULA-R-\d{4}-\d{6} de / })
  const number = /AULA-R-\d{4}-\d{6}/.exec(receiptMail.subject)![0]
  const link = linkIn(receiptMail, receiptMail.text.match(/\/es\/receipts\/[a-z0-9]+\.pdf/)![0])
  const pdf = await page.request.get(link.pathname)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  const text = pdfText(await pdf.body()).replace(/\s+/g, ' ')
  for (const expected of [number, 'Recibo', 'Camila Rojas Díaz', 'INE Chile', 'Total pagado', 'USD', 'pi_'])
    expect(text).toContain(expected)
  // And on the dashboard, in either language, with the PDF in both.
  for (const [lang, heading, download] of [
    ['es', 'Pagos y recibos', `PDF ${number}`],
    ['en', 'Payments and receipts', `PDF ${number}`],
  ] as const) {
    await page.goto(`/${lang}/dashboard`)
    const section = page.getByRole('region', { name: heading })
    await expect(section.getByRole('link', { name: download })).toHaveAttribute(
      'href',
      `/${lang}${link.pathname.slice(3)}`,
    )
    expect(await seriousA11yViolations(page), `${lang} dashboard with a receipt`).toEqual([])
  }
})

test('the webhook endpoint refuses unsigned and stale deliveries over HTTP, with no Origin check in the way', async ({
  request,
}) => {
  const unsigned = await request.post('/webhooks/stripe', {
    data: '{"id":"evt_1","type":"checkout.session.completed"}',
    headers: { 'Content-Type': 'application/json', Origin: 'https://stripe.example' },
  })
  expect(unsigned.status()).toBe(400)
  const bad = await request.post('/webhooks/stripe', {
    data: '{}',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=deadbeef' },
  })
  expect(bad.status()).toBe(400)
  const big = await request.post('/webhooks/stripe', {
    data: 'x'.repeat(2 * 1024 * 1024),
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=deadbeef' },
  })
  expect(big.status()).toBe(413)
  expect((await request.get('/webhooks/stripe')).status()).toBe(405)
})

test('a stand-in checkout address that was not signed by the server is a 404', async ({ browser }) => {
  const page = await browser.newPage()
  const response = await page.goto('/en/dev/checkout/cs_test_0000?s=forged.signature')
  expect(response?.status()).toBe(404)
  await page.close()
})

test('an administrator imports a cohort from CSV: problems listed by row, then preview, import and progress', async ({
  page,
  browser,
}) => {
  const header = 'email,name,certificate_name,country,organisation,organisation_type,language'
  const fill = async (target: typeof page, csv: string) => {
    await target.getByLabel('Curso').selectOption('homicide-sdg16')
    await target.getByLabel('Nombre del grupo').fill('Taller de Lima')
    await target
      .getByLabel('Archivo CSV')
      .setInputFiles({ name: 'grupo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await target.getByRole('button', { name: 'Revisar el archivo y ver la vista previa' }).click()
  }
  // A file with problems is a 400 on purpose (which the browser logs): a page without the
  // console-error check. Each problem is listed with its row; nothing is imported.
  const raw = await browser.newPage({ baseURL: test.info().project.use.baseURL })
  await logIn(raw.request, DEMO.admin.email)
  await raw.goto('/es/admin/cohorts')
  await fill(raw, `${header}\nno-es-correo,Ana,Ana,PE,INEI,police,es\n`)
  const problems = raw.getByRole('alert').filter({ hasText: 'El archivo tiene problemas' })
  await expect(problems).toContainText('Fila 2: «no-es-correo» no es un correo electrónico válido.')
  expect(await seriousA11yViolations(raw), 'the problems list').toEqual([])
  // A formula in the e-mail cell: one message, the formula's (not also "not a valid e-mail").
  await fill(raw, `${header}\n=1+1,Ana,Ana,PE,INEI,police,es\n`)
  await expect(problems.getByRole('listitem')).toHaveText([
    'Fila 2: la celda email empieza por =, +, -, @ o un tabulador, que las hojas de cálculo ejecutan como fórmula: quite ese carácter.',
  ])
  // A header that does not match says which separator the file uses.
  await fill(raw, `correo;nombre\nana@example.org;Ana\n`)
  await expect(problems).toContainText('el archivo está separado por puntos y comas (;)')
  await raw.close()

  await logInPage(page, 'admin')
  await page.goto('/es/admin/cohorts')
  await expect(page.getByRole('heading', { level: 1, name: 'Importación de grupos' })).toBeVisible()
  const email = `cohorte-${randomUUID().slice(0, 8)}@example.org`
  // As Excel set up for Spanish saves it: separated by semicolons.
  await fill(
    page,
    `${header.replaceAll(',', ';')}\n${email};Rosa Quispe;Rosa Quispe Mamani;PE;INEI;national_statistical_office;es\n`,
  )
  await expect(page).toHaveURL(/\/es\/admin\/cohorts\/[a-z0-9]+$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Vista previa de la importación' })).toBeVisible()
  await expect(page.getByText('Se creará 1 cuenta nueva')).toBeVisible()
  // The preview shows the name that will be printed on the certificate.
  await expect(page.getByRole('columnheader', { name: 'Nombre en el certificado' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Rosa Quispe Mamani', exact: true })).toBeVisible()
  expect(await seriousA11yViolations(page), 'the preview').toEqual([])
  await page.getByRole('button', { name: 'Importar 1 persona' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Importación terminada' })).toBeVisible()
  // Once imported, the page is no longer a preview.
  await expect(page.getByRole('heading', { level: 1, name: 'Importación de grupo' })).toBeVisible()
  await expect(page).toHaveTitle(/^Importación de grupo · Aula$/)
  await expect(page.getByText('1 de 1 filas procesadas')).toBeVisible()
  expect(await seriousA11yViolations(page), 'the finished import').toEqual([])
  const mail = await waitForMail('postgres', email)
  expect(mail.subject).toMatch(/^Le inscribieron en /)
})

test('50 signed deliveries of one event at once, over HTTP to two worker processes: one payment, one enrolment', async ({
  playwright,
  baseURL,
}) => {
  const learner = await newLearner()
  const payload = JSON.stringify(
    checkoutCompleted({ userId: learner.id, courseId: 'homicide-sdg16', amount: 4900, currency: 'usd' }),
  )
  // Signed with the secret derived from SESSION_SECRET (playwright.config.ts sets it).
  const signature = offlineStripeSignature('e2e-session-secret-0123456789abcdef', payload)
  // Separate connections, so the deliveries spread over the cluster's workers.
  const contexts = await Promise.all(Array.from({ length: 50 }, () => playwright.request.newContext({ baseURL })))
  const responses = await Promise.all(
    contexts.map((context) =>
      context.post('/webhooks/stripe', {
        data: payload,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      }),
    ),
  )
  const results = await Promise.all(
    responses.map(async (r) => ({ status: r.status(), result: ((await r.json()) as { result: string }).result })),
  )
  await Promise.all(contexts.map((context) => context.dispose()))
  expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
  expect(results.filter((r) => r.result === 'processed')).toHaveLength(1)
  expect(await query('SELECT 1 FROM "Payment" WHERE "userId" = $1', [learner.id])).toHaveLength(1)
  expect(
    await query(`SELECT 1 FROM "Enrollment" WHERE "userId" = $1 AND source = 'payment'`, [learner.id]),
  ).toHaveLength(1)
})
