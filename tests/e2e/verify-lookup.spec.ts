// A verifier holding a printed certificate (issue 15, item 14): the verification page shows the
// serial number and the study hours printed on it; the look-up by serial and surname finds it (any
// case, no accents), and a wrong surname gets the same answer as a serial that does not exist. In
// both languages, axe clean.
import { randomBytes } from 'node:crypto'
import { createLearner, dbQuery, expect, seriousA11yViolations, test } from './fixtures.ts'

/** A certificate straight in the database: holder "María José Núñez Peña", 7.5 hours. */
async function createCertificate() {
  const { id } = await createLearner({
    prefix: 'e2e-verify',
    displayName: 'María',
    certificateName: 'María José Núñez Peña',
  })
  const serial = `AULA-2026-${String(700_000 + Math.floor(Math.random() * 99_999))}`
  const code = randomBytes(20).toString('base64url')
  await dbQuery(
    `INSERT INTO "Certificate" (id, serial, "verificationCode", "userId", "courseId", "holderName", "courseTitleEn", "courseTitleEs", hours)
     SELECT $1, $2, $3, $1, id, 'María José Núñez Peña', "titleEn", "titleEs", 7.5 FROM "Course" WHERE id = 'iccs'`,
    [id, serial, code],
  )
  return { serial, code }
}

const TEXT = {
  en: {
    serial: 'Serial number',
    surname: 'Holder’s surname',
    submit: 'Check certificate',
    link: 'Check a certificate by its serial number',
    hours: '7.5 hours',
    noMatch: 'No certificate matches this serial number and surname.',
  },
  es: {
    serial: 'Número de serie',
    surname: 'Apellido del titular',
    submit: 'Verificar el certificado',
    link: 'Verificar un certificado por su número de serie',
    hours: '7,5 horas',
    noMatch: 'Ningún certificado corresponde a este número de serie y apellido.',
  },
} as const

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: the verification page shows serial and hours; look-up by serial and surname`, async ({ page }) => {
    const { serial, code } = await createCertificate()
    const text = TEXT[lang]

    await page.goto(`/${lang}/verify/${code}`)
    await expect(page.getByTestId('serial')).toHaveText(serial)
    await expect(page.getByTestId('hours')).toHaveText(text.hours)
    expect(await seriousA11yViolations(page), 'verification page').toEqual([])

    // From the verification page to the look-up form.
    await page.getByRole('link', { name: text.link }).click()
    await expect(page).toHaveURL(`/${lang}/verify`)
    await expect(page.getByRole('heading', { level: 1, name: text.link })).toBeVisible()
    expect(await seriousA11yViolations(page), 'look-up page').toEqual([])

    // A wrong surname, then a serial that does not exist: the same message.
    await page.getByLabel(text.serial).fill(serial)
    await page.getByLabel(text.surname).fill('Pérez')
    await page.getByRole('button', { name: text.submit }).click()
    const alert = page.getByRole('alert')
    await expect(alert).toContainText(text.noMatch)

    const wrongSurname = await alert.textContent()
    expect(await seriousA11yViolations(page), 'look-up page with its refusal').toEqual([])

    await page.getByLabel(text.serial).fill('AULA-2026-000000')
    await page.getByLabel(text.surname).fill('Peña')
    await page.getByRole('button', { name: text.submit }).click()
    await expect(alert).toHaveText(wrongSurname!)

    // Lower case serial, surname without accents: found.
    await page.getByLabel(text.serial).fill(serial.toLowerCase())
    await page.getByLabel(text.surname).fill('nunez pena')
    await page.getByRole('button', { name: text.submit }).click()
    await expect(page).toHaveURL(`/${lang}/verify/${code}`)
    await expect(page.getByTestId('holder')).toHaveText('María José Núñez Peña')
  })
}
