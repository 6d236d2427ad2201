// What trainers and administrators met on their first day (issue 15, items 19–23), in Chromium
// against the production build, in both languages, axe clean: the people search finds surnames
// whatever the accents; every export is offered as CSV with commas and for Excel with
// semicolons; a person's certificate and payment tables name their own status; the reports
// form fits its panel at 1280 px; the home page lists every published course; the drop-off
// chart draws its lesson titles inside the chart.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { expect, logInPage, seriousA11yViolations, test } from './fixtures.ts'
import { e2eDatabaseUrl } from './paths.ts'

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() })
  await client.connect()
  try {
    return (await client.query(text, values)).rows
  } finally {
    await client.end()
  }
}

/** A person of their own with a surname full of accents, enrolled, with a paid payment. */
async function colombianPerson() {
  const id = `e2e-${randomUUID().slice(0, 8)}`
  const tag = id.slice(4)
  const displayName = `José ${tag}`
  await sql(
    `INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", "emailVerifiedAt", "updatedAt")
     VALUES ($1, $2, $3, $4, 'CO', 'Policía Nacional', 'police', now(), now())`,
    [id, `${id}@example.org`, displayName, `José Ñúñez Gómez ${tag}`],
  )
  await sql(
    `INSERT INTO "Payment" (id, "userId", "courseId", "amountCents", currency, status, "paidAt")
     VALUES ($1, $2, 'homicide-sdg16', 4900, 'USD', 'paid', now())`,
    [`pay-${tag}`, id],
  )
  await sql(`INSERT INTO "Enrollment" (id, "userId", "courseId", source) VALUES ($1, $2, 'iccs', 'admin')`, [
    `enr-${tag}`,
    id,
  ])
  return { id, tag, displayName }
}

for (const lang of ['en', 'es'] as const) {
  const L = {
    en: {
      people: 'People',
      search: 'Name, certificate name, e-mail or organisation',
      apply: 'Apply filters',
      comma: 'CSV (comma)',
      semicolon: 'CSV for Excel (semicolon)',
      certificateStatus: 'Certificate status',
      paymentStatus: 'Payment status',
      certificates: 'Certificates',
      payments: 'Payments',
      enrolmentStatus: 'Enrolment status',
      to: 'To (month)',
    },
    es: {
      people: 'Personas',
      search: 'Nombre, nombre en el certificado, correo o institución',
      apply: 'Aplicar filtros',
      comma: 'CSV (coma)',
      semicolon: 'CSV para Excel (punto y coma)',
      certificateStatus: 'Estado del certificado',
      paymentStatus: 'Estado del pago',
      certificates: 'Certificados',
      payments: 'Pagos',
      enrolmentStatus: 'Estado de la inscripción',
      to: 'Hasta (mes)',
    },
  }[lang]

  test(`${lang}: the people search finds a surname without its accents, and the person's tables name their own status`, async ({
    page,
  }) => {
    const person = await colombianPerson()
    await logInPage(page, 'admin')
    await page.goto(`/${lang}/admin/people`)
    // "Nunez" and "jose": the certificate name "José Ñúñez Gómez" is searched too.
    await page.getByLabel(L.search).fill(`Nunez jose ${person.tag}`)
    await page.getByRole('button', { name: L.apply }).click()
    const table = page.getByRole('table')
    await expect(table.getByRole('link', { name: person.displayName })).toBeVisible()
    await expect(table.locator('tbody tr')).toHaveCount(1)
    // Both exports, with the page's filters.
    const comma = page.getByRole('link', { name: L.comma })
    const semicolon = page.getByRole('link', { name: L.semicolon })
    await expect(comma).toHaveAttribute('href', new RegExp(`/${lang}/admin/people\\.csv\\?.*q=`))
    await expect(semicolon).toHaveAttribute('href', /[?&]sep=semicolon$/)
    const csv = await page.request.get((await semicolon.getAttribute('href'))!)
    expect(csv.status()).toBe(200)
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]!.split(';')).toHaveLength(9)
    expect(lines[1]).toContain(`${person.displayName};${person.id}@example.org;CO;`)
    expect(await seriousA11yViolations(page), 'the people search').toEqual([])

    await table.getByRole('link', { name: person.displayName }).click()
    await expect(page.getByRole('heading', { level: 1, name: person.displayName })).toBeVisible()
    await page.getByLabel(lang === 'en' ? 'Issue a certificate' : 'Emitir un certificado').selectOption('iccs')
    await page.getByRole('button', { name: lang === 'en' ? 'Issue certificate' : 'Emitir certificado' }).click()
    const certificates = page.getByRole('region', { name: L.certificates })
    await expect(certificates.getByRole('columnheader', { name: L.certificateStatus })).toBeVisible()
    await expect(certificates.getByRole('columnheader', { name: L.enrolmentStatus })).toHaveCount(0)
    const payments = page.getByRole('region', { name: L.payments, exact: true })
    await expect(payments.getByRole('columnheader', { name: L.paymentStatus })).toBeVisible()
    await expect(payments.getByRole('columnheader', { name: L.enrolmentStatus })).toHaveCount(0)
    expect(await seriousA11yViolations(page), 'the person page').toEqual([])
  })

  test(`${lang}: the reports form fits its panel at 1280 px and offers both CSV files`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await logInPage(page, 'admin')
    await page.goto(`/${lang}/admin/reports`)
    const panel = (await page.locator('form[method="get"]').first().boundingBox())!
    for (const field of [page.getByLabel(L.to), page.getByLabel(lang === 'en' ? 'From (month)' : 'Desde (mes)')]) {
      const box = (await field.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(panel.x)
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width)
    }
    await expect(page.getByRole('link', { name: L.comma })).toHaveAttribute('href', /\/admin\/reports\.csv/)
    const semicolon = await page.getByRole('link', { name: L.semicolon }).getAttribute('href')
    const csv = await page.request.get(semicolon!)
    expect(csv.headers()['content-disposition']).toMatch(/-excel\.csv"$/)
    expect((await csv.text()).split('\r\n')[0]).toContain(';')
    expect(await seriousA11yViolations(page)).toEqual([])
    await page.goto(`/${lang}/admin/payments`)
    await expect(page.getByRole('link', { name: L.semicolon })).toHaveAttribute(
      'href',
      `/${lang}/admin/payments.csv?sep=semicolon`,
    )
  })

  test(`${lang}: the home page lists every published course`, async ({ page }) => {
    const courses = await page.request.get(`/${lang}/courses`)
    expect(courses.status()).toBe(200)
    await page.goto(`/${lang}/courses`)
    const titles = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents()
    expect(titles.length).toBeGreaterThanOrEqual(4)
    await page.goto(`/${lang}`)
    const section = page.getByRole('region', { name: lang === 'en' ? 'What you can learn' : 'Qué puede aprender' })
    for (const title of titles) await expect(section.getByRole('link', { name: title.trim() })).toBeVisible()
    expect(await seriousA11yViolations(page)).toEqual([])
  })

  test(`${lang}: the drop-off chart draws every lesson title inside the chart`, async ({ page }) => {
    await logInPage(page, 'trainer')
    for (const course of ['iccs', 'victimization-surveys']) {
      await page.goto(`/${lang}/teach/${course}`)
      const chart = page.locator('svg[aria-labelledby^="dropoff-chart"]')
      await expect(chart).toBeVisible()
      const lefts = await chart
        .locator('text')
        .evaluateAll((texts) => texts.map((t) => (t as SVGTextElement).getBBox().x))
      expect(lefts.length).toBeGreaterThan(3)
      expect(Math.min(...lefts)).toBeGreaterThanOrEqual(0)
    }
    expect(await seriousA11yViolations(page)).toEqual([])
  })
}

test('item analysis: first and best attempts as two views, n shown, small n greyed, numeric wrong answers listed', async ({
  page,
}) => {
  const [learner] = await sql(`SELECT id FROM "User" WHERE email = 'learner@aula.example'`)
  const other = `e2e-${randomUUID().slice(0, 8)}`
  await sql(
    `INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", "updatedAt")
     VALUES ($1, $2, 'Otra Persona', 'Otra Persona', 'CO', 'DANE', 'police', now())`,
    [other, `${other}@example.org`],
  )
  const results = JSON.stringify(
    ['national-rate', 'female-rate', 'rate-fall-percent'].map((id) => ({ id, correct: false, score: 0 })),
  )
  for (const userId of [learner!.id as string, other])
    await sql(
      `INSERT INTO "QuizAttempt" (id, "userId", "courseId", "quizId", "quizVersion", locale, answers, results, score, passed)
       VALUES ($1, $2, 'homicide-sdg16', 'indicator-quiz', 'v', 'es', $3, $4, 0, false)`,
      [`qa-${randomUUID().slice(0, 8)}`, userId, JSON.stringify({ 'national-rate': '88,0' }), results],
    )
  await logInPage(page, 'trainer')
  for (const lang of ['es', 'en'] as const) {
    await page.goto(`/${lang}/teach/homicide-sdg16/quiz/indicator-quiz`)
    const views = page.getByRole('navigation', {
      name: lang === 'es' ? 'Qué intento de cada participante' : 'Which attempt of each learner',
    })
    await expect(
      views.getByRole('link', { name: lang === 'es' ? 'Primeros intentos' : 'First attempts' }),
    ).toHaveAttribute('aria-current', 'page')
    await expect(
      page.getByRole('rowheader', { name: lang === 'es' ? 'Participantes (n)' : 'Learners (n)' }).first(),
    ).toBeVisible()
    await expect(
      page.getByText(lang === 'es' ? /n menor que \d+: demasiado pocos/ : /n below \d+: too few to read/).first(),
    ).toBeVisible()
    const wrong = page.getByRole('table', {
      name: lang === 'es' ? 'Respuestas incorrectas tal como se escribieron' : 'Wrong answers as typed',
    })
    await expect(wrong.first().getByRole('rowheader', { name: '88,0' })).toBeVisible()
    expect(await seriousA11yViolations(page), lang).toEqual([])
    await views.getByRole('link', { name: lang === 'es' ? 'Mejores intentos' : 'Best attempts' }).click()
    await expect(page).toHaveURL(/\?view=best$/)
  }
})
