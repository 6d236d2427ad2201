// axe finds nothing serious or critical on the key pages, in both languages (DESIGN.md:
// WCAG 2.2 AA, every page checked with axe in both languages).
import { type Page } from '@playwright/test'
import { LANGS } from '#app/utils/i18n.ts'
import { DEMO, expect, logInPage, seriousA11yViolations, test } from './fixtures.ts'

/** Colour contrast means something only if the site's CSS loaded (white body, not transparent). */
async function expectStylesheetApplied(page: Page) {
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)')
}

const PUBLIC_PAGES = [
  {
    path: '',
    heading: {
      en: 'Better crime statistics start with people who know how to make them',
      es: 'Mejores estadísticas sobre delincuencia empiezan por personas que saben producirlas',
    },
  },
  { path: '/signup', heading: { en: 'Create your account', es: 'Cree su cuenta' } },
  { path: '/login', heading: { en: 'Log in', es: 'Iniciar sesión' } },
] as const

const ADMIN_PAGES = [
  { path: '/account', heading: { en: 'My account', es: 'Mi cuenta' } },
  { path: '/admin', heading: { en: 'Administration', es: 'Administración' } },
  { path: '/admin/certificates', heading: { en: 'Certificates', es: 'Certificados' } },
  { path: '/admin/payments', heading: { en: 'Payments and waivers', es: 'Pagos y exenciones' } },
  { path: '/admin/cohorts', heading: { en: 'Cohort import', es: 'Importación de grupos' } },
  { path: '/admin/people', heading: { en: 'People', es: 'Personas' } },
  { path: '/admin/people?country=CO&role=learner', heading: { en: 'People', es: 'Personas' } },
  { path: '/admin/people/demo-learner', heading: { en: 'José Ñúñez', es: 'José Ñúñez' } },
  { path: '/admin/trainers', heading: { en: 'Trainers', es: 'Formadores' } },
  { path: '/admin/reports', heading: { en: 'Reports', es: 'Informes' } },
  { path: '/admin/reports?by=month&suppress=on', heading: { en: 'Reports', es: 'Informes' } },
  { path: '/admin/audit', heading: { en: 'Audit log', es: 'Registro de auditoría' } },
  { path: '/teach', heading: { en: 'Teach', es: 'Enseñar' } },
  {
    path: '/teach/iccs',
    heading: {
      en: 'Classifying crime for statistics: the ICCS',
      es: 'Clasificar el delito con fines estadísticos: la ICCS',
    },
  },
  { path: '/teach/iccs/quiz/foundations-quiz', heading: { en: /^Item analysis: /, es: /^Análisis de preguntas: / } },
] as const

for (const lang of LANGS) {
  for (const { path, heading } of PUBLIC_PAGES) {
    test(`${lang}: ${path || 'home'} page has no serious accessibility violations`, async ({ page }) => {
      await page.goto(`/${lang}${path}`)
      await expect(page.locator('html')).toHaveAttribute('lang', lang)
      await expect(page.getByRole('heading', { level: 1, name: heading[lang] })).toBeVisible()
      await expectStylesheetApplied(page)
      expect(await seriousA11yViolations(page)).toEqual([])
    })
  }

  for (const { path, heading } of ADMIN_PAGES) {
    test(`${lang}: ${path} as the administrator has no serious accessibility violations`, async ({ page }) => {
      await logInPage(page, 'admin')
      await page.goto(`/${lang}${path}`)
      await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === `/${lang}${path}`)
      await expect(page.locator('html')).toHaveAttribute('lang', lang)
      await expect(page.getByRole('heading', { level: 1, name: heading[lang] })).toBeVisible()
      await expect(page.getByRole('banner').getByText(DEMO.admin.displayName)).toBeVisible()
      await expectStylesheetApplied(page)
      expect(await seriousA11yViolations(page)).toEqual([])
    })
  }
}
