// A receipt for every purchase (issue 15, item 4): written with the payment by the webhook,
// numbered without gaps, a snapshot of the payer (name, organisation, tax ID from the account),
// course, amount, date, payment reference and issuer; mailed in the learner's language with a link;
// downloadable as a PDF in either language by its payer only.
import { randomBytes } from 'node:crypto'
import { beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { formatReceiptNumber } from '#app/payments/receipt.server.ts'
import { processStripeEvent } from '#app/payments/webhook.server.ts'
import { action as accountAction, loader as accountLoader } from '#app/routes/$lang.account._index.tsx'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { loader as receiptLoader } from '#app/routes/$lang.receipts.$file.ts'
import { prisma } from '#app/utils/db.server.ts'
import { checkoutCompleted } from '#tests/mocks/stripe.ts'
import { pdfText } from '#tests/pdf.ts'
import {
  context,
  createUser,
  getRequest,
  loginCookie,
  readOutbox,
  runDueJobs,
  settle,
  submit,
  visit,
} from '#tests/utils.ts'

const COURSE = 'homicide-sdg16'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

function purchase(userId: string, amount = 4900) {
  const session = `cs_test_${randomBytes(12).toString('hex')}`
  const intent = `pi_${randomBytes(12).toString('hex')}`
  const created = Math.floor(Date.UTC(2026, 10, 20, 15, 30) / 1000)
  const event = checkoutCompleted({ userId, courseId: COURSE, amount, session, intent, created })
  return { session, intent, event: event as never }
}

const profile = {
  intent: 'update-profile',
  displayName: 'Camila',
  certificateName: 'Camila Rojas Díaz',
  country: 'CO',
  organisation: 'Departamento Administrativo Nacional de Estadística',
  organisationType: 'national_statistical_office',
  preferredLocale: 'es',
}

test('the tax ID is kept in the account (optional, checked), and a purchase gets a numbered receipt with it', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  const save = (fields: Record<string, string>) => submit(accountAction, { lang: 'es' }, '/es/account', fields, cookie)
  // Bad input: a 400 that changes nothing.
  const bad = await save({ ...profile, taxId: '<script>' })
  expect(bad.status).toBe(400)
  expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { taxId: true } })).toEqual({
    taxId: null,
  })
  expect((await save({ ...profile, taxId: ' 900.123.456-7 ' })).status).toBe(302)
  const account = await visit(accountLoader, { lang: 'es' }, '/es/account', cookie)
  expect((account.data as { user: { taxId: string } }).user.taxId).toBe('900.123.456-7')

  const { event, intent } = purchase(user.id)
  expect(await processStripeEvent(event)).toMatchObject({ result: 'processed', enrolled: true })
  // A redelivery makes no second receipt.
  expect(await processStripeEvent(event)).toEqual({ result: 'duplicate' })
  const receipts = await prisma.receipt.findMany({ where: { userId: user.id } })
  expect(receipts).toHaveLength(1)
  const receipt = receipts[0]!
  expect(receipt).toMatchObject({
    payerName: 'Camila Rojas Díaz',
    organisation: 'Departamento Administrativo Nacional de Estadística',
    taxId: '900.123.456-7',
    courseId: COURSE,
    courseTitleEs: 'Homicidio intencional e indicador 16.1.1 de los ODS',
    amountCents: 4900,
    currency: 'USD',
    reference: intent,
  })
  expect(receipt.number).toMatch(/^AULA-R-2026-\d{6}$/)
  expect(receipt.paidAt.toISOString()).toBe('2026-11-20T15:30:00.000Z')
  expect(receipt.issuer).toMatchObject({ taxId: 'AUL-260101-AB1' })

  // Mailed in the learner's language (Spanish), with a link to the PDF.
  await runDueJobs()
  const mail = readOutbox(user.email).find((m) => m.subject.startsWith('Su recibo'))
  expect(mail?.subject).toBe(`Su recibo ${receipt.number} de Homicidio intencional e indicador 16.1.1 de los ODS`)
  expect(mail?.text).toContain(`/es/receipts/${receipt.id}.pdf`)

  // The PDF, in Spanish and in English: everything a public body needs to claim the cost.
  for (const [lang, words] of [
    ['es', ['Recibo', 'Recibido de', 'Identificación tributaria', 'Total pagado', 'Homicidio intencional']],
    ['en', ['Receipt', 'Received from', 'Tax ID', 'Total paid', 'Intentional homicide']],
  ] as const) {
    const response = await receiptLoader({
      request: getRequest(`/${lang}/receipts/${receipt.id}.pdf`, cookie),
      params: { lang, file: `${receipt.id}.pdf` },
      context: context(),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    const text = pdfText(new Uint8Array(await response.arrayBuffer())).replace(/\s+/g, ' ')
    for (const word of [
      ...words,
      receipt.number,
      'Camila Rojas Díaz',
      'Departamento Administrativo Nacional de Estadística',
      '900.123.456-7',
      intent,
      'AUL-260101-AB1',
      '49',
      'USD',
    ])
      expect(text, `${lang}: ${word}`).toContain(word)
    expect(text).toContain(lang === 'es' ? '20 de noviembre de 2026' : 'November 20, 2026')
  }

  // Someone else's receipt does not exist for them.
  const other = await loginCookie((await createUser()).id)
  const refused = await settle(() =>
    receiptLoader({
      request: getRequest(`/es/receipts/${receipt.id}.pdf`, other),
      params: { lang: 'es', file: `${receipt.id}.pdf` },
      context: context(),
    }),
  )
  expect(refused.status).toBe(404)

  // On the dashboard: the receipt in the page's language, with both PDFs.
  const dashboard = await visit(dashboardLoader, { lang: 'en' }, '/en/dashboard', cookie)
  expect((dashboard.data as { receipts: unknown[] }).receipts).toEqual([
    expect.objectContaining({
      number: receipt.number,
      course: 'Intentional homicide and SDG indicator 16.1.1',
      href: `/en/receipts/${receipt.id}.pdf`,
      otherHref: `/es/receipts/${receipt.id}.pdf`,
    }),
  ])
})

test('receipt numbers run without gaps within a year, whatever the concurrency', async () => {
  const users = await Promise.all(Array.from({ length: 8 }, () => createUser()))
  await Promise.all(users.map((u) => processStripeEvent(purchase(u.id).event)))
  const numbers = (
    await prisma.receipt.findMany({ where: { userId: { in: users.map((u) => u.id) } }, select: { number: true } })
  ).map((r) => Number(r.number.slice(-6)))
  expect(numbers).toHaveLength(8)
  const sorted = [...numbers].sort((a, b) => a - b)
  expect(sorted.at(-1)! - sorted[0]!).toBe(7)
  expect(formatReceiptNumber(2026, 12)).toBe('AULA-R-2026-000012')
})
