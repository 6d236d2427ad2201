// Footer and legal pages (issue 15, item 11): every page has a footer linking the help page,
// contact, privacy notice, terms of use, accessibility statement and the certificate check; each
// opens in the page's language, axe clean, with the operator's texts and their versions.
import { DEMO, expect, logInPage, seriousA11yViolations, test } from './fixtures.ts'

const PAGES = {
  en: [
    ['Help and FAQ', '/en/help', 'Help and frequently asked questions', 'How do I enrol in a course?'],
    ['Contact', '/en/contact', 'Contact', 'contact@aula.example'],
    ['Privacy notice', '/en/privacy', 'Privacy notice', 'Who is responsible for your data'],
    ['Terms of use', '/en/terms', 'Terms of use', 'Using the platform'],
    ['Accessibility', '/en/accessibility', 'Accessibility statement', 'WCAG'],
    ['Check a certificate', '/en/verify', 'Check a certificate by its serial number', 'serial number'],
  ],
  es: [
    ['Ayuda y preguntas frecuentes', '/es/help', 'Ayuda y preguntas frecuentes', '¿Cómo me inscribo en un curso?'],
    ['Contacto', '/es/contact', 'Contacto', 'contact@aula.example'],
    ['Aviso de privacidad', '/es/privacy', 'Aviso de privacidad', 'Quién es responsable de sus datos'],
    ['Condiciones de uso', '/es/terms', 'Condiciones de uso', 'Uso de la plataforma'],
    ['Accesibilidad', '/es/accessibility', 'Declaración de accesibilidad', 'WCAG'],
    ['Verificar un certificado', '/es/verify', 'Verificar un certificado por su número de serie', 'número de serie'],
  ],
} as const

const FOOTER_NAME = { en: 'About this platform', es: 'Sobre esta plataforma' } as const

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: the footer links every legal page from the home page; each is in the page language, axe clean`, async ({
    page,
  }) => {
    for (const [link, href, heading, text] of PAGES[lang]) {
      await page.goto(`/${lang}`)
      const footer = page.getByRole('contentinfo').getByRole('navigation', { name: FOOTER_NAME[lang] })
      await footer.getByRole('link', { name: link, exact: true }).click()
      await expect(page).toHaveURL(href)
      await expect(page.locator('html')).toHaveAttribute('lang', lang)
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
      await expect(page.getByRole('main')).toContainText(text)
      expect(await seriousA11yViolations(page), href).toEqual([])
    }
    await page.goto(`/${lang}/privacy`)
    await expect(page.getByTestId('legal-version')).toHaveText(
      lang === 'es' ? 'Versión 2026-12-01' : 'Version 2026-12-01',
    )
  })
}

test('the footer is on signed-in pages too (dashboard, a lesson, the administration)', async ({ page }) => {
  await logInPage(page, 'admin')
  for (const path of ['/es/dashboard', '/en/courses/iccs', '/es/admin/people']) {
    await page.goto(path)
    await expect(page.getByRole('banner').getByText(DEMO.admin.displayName)).toBeVisible()
    await expect(
      page.getByRole('contentinfo').getByRole('link', { name: /^(Privacy notice|Aviso de privacidad)$/ }),
    ).toHaveAttribute('href', `${path.slice(0, 3)}/privacy`)
  }
})
