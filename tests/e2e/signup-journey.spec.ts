// A Spanish-speaking statistician signs up on the quick-start server (embedded database),
// confirms the address from the mail, logs in, switches to English and logs out.
import { randomUUID } from 'node:crypto'
import { expect, linkIn, test, waitForMail } from './fixtures.ts'

test('sign up in Spanish, confirm the address, log in, switch to English and log out', async ({ page }) => {
  const email = `lucia.${randomUUID().slice(0, 8)}@example.org`
  const password = 'una frase secreta larga'

  await page.goto('/es/signup')
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await expect(page.getByRole('heading', { level: 1, name: 'Cree su cuenta' })).toBeVisible()
  await page.getByLabel('Nombre que se mostrará en el sitio').fill('Lucía')
  await page.getByLabel('Nombre completo para los certificados').fill('Lucía Fernández Peña')
  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña', { exact: true }).fill(password)
  await page.getByLabel('Repita la contraseña').fill(password)
  await page.getByLabel('País').selectOption({ label: 'Colombia' })
  await page.getByLabel('Institución', { exact: true }).fill('Departamento Administrativo Nacional de Estadística')
  await page.getByLabel('Tipo de institución').selectOption({ label: 'Oficina nacional de estadística' })
  await expect(page.getByLabel('Idioma preferido')).toHaveValue('es')
  // Without the consent to the terms and the privacy notice, no account.
  await page.getByRole('button', { name: 'Crear cuenta' }).click()
  const consent = page.getByRole('checkbox', { name: /^Acepto las condiciones de uso/ })
  await expect(consent).toHaveAttribute('aria-invalid', 'true')
  await expect(
    page.getByText('Para crear una cuenta, acepte las condiciones de uso y el aviso de privacidad.'),
  ).toBeVisible()
  await expect(page.getByRole('link', { name: /^aviso de privacidad/ })).toHaveAttribute('href', '/es/privacy')
  await consent.check()
  await page.getByRole('button', { name: 'Crear cuenta' }).click()

  // "Check your email"
  await expect(page).toHaveURL('/es/verify-email?sent=1')
  await expect(page.getByRole('heading', { level: 1, name: 'Confirme su correo electrónico' })).toBeVisible()
  await expect(page.getByText('le llegará un mensaje con un enlace de confirmación')).toBeVisible()

  // The mail, in Spanish, with a link back to this server.
  const mail = await waitForMail('embedded', email)
  expect(mail.subject).toBe('Confirme su correo electrónico en Aula')
  expect(mail.text).toContain('Hola, Lucía:')
  const link = linkIn(mail, '/es/verify-email')
  expect(link.origin).toBe(new URL(test.info().project.use.baseURL!).origin)
  expect(link.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{20,100}$/)

  // Opening the link does not confirm by itself (mail scanners follow links); the button does.
  await page.goto(link.pathname + link.search)
  await page.getByRole('button', { name: 'Confirmar mi correo electrónico' }).click()
  await expect(page).toHaveURL('/es/login')
  await expect(page.getByRole('status')).toHaveText('Su correo electrónico quedó confirmado. Ya puede iniciar sesión.')

  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña').fill(password)
  await page.getByRole('button', { name: 'Iniciar sesión' }).click()
  await expect(page).toHaveURL('/es/dashboard')
  await expect(page.getByRole('heading', { level: 1, name: 'Le damos la bienvenida, Lucía' })).toBeVisible()

  // The language switch in the header keeps the page.
  await page
    .getByRole('banner')
    .getByRole('navigation', { name: 'Idioma' })
    .getByRole('link', { name: 'English' })
    .click()
  await expect(page).toHaveURL('/en/dashboard')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Lucía' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Language' }).getByText('English')).toHaveAttribute(
    'aria-current',
    'true',
  )

  // Log out from the account menu. (A <summary> has no ARIA role, so it is found by its text.)
  await page.getByRole('banner').locator('summary', { hasText: 'Account menu' }).click()
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL('/en')
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible()
  await expect(page.getByRole('banner').getByText('Account menu')).toHaveCount(0)

  // The session is gone on the server too.
  await page.goto('/en/dashboard')
  await expect(page).toHaveURL('/en/login?redirectTo=%2Fen%2Fdashboard')
})

test('/ sends Spanish speakers to /es and everyone else to /en', async ({ request }) => {
  const cases: Array<[acceptLanguage: string | undefined, lang: string]> = [
    ['es-CO,es;q=0.9,en;q=0.5', 'es'],
    ['es', 'es'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9', 'en'],
    [undefined, 'en'],
  ]
  for (const [acceptLanguage, lang] of cases) {
    const response = await request.get('/', {
      headers: { Cookie: '', ...(acceptLanguage ? { 'Accept-Language': acceptLanguage } : {}) },
      maxRedirects: 0,
    })
    expect(response.status(), `Accept-Language: ${acceptLanguage}`).toBe(302)
    expect(response.headers().location, `Accept-Language: ${acceptLanguage}`).toBe(`/${lang}`)
  }
})
