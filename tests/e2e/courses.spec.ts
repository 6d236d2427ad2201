// A learner browses, searches and reads the courses in both languages; switching language on a
// lesson shows the same lesson in the other language. axe checks the catalogue, a course and a
// lesson in both languages.
import { LANGS } from '#app/utils/i18n.ts'
import { expect, seriousA11yViolations, test, waitForHydration } from './fixtures.ts'

const LESSON = '/courses/iccs/structure/the-eleven-sections'

test('browse, search without accents, open a course and read a lesson; switch language on it', async ({ page }) => {
  await page.goto('/es')
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Cursos' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Cursos' })).toBeVisible()
  // The four demo courses (README, "Courses").
  await expect(page.getByRole('listitem').getByRole('heading', { level: 2 })).toHaveCount(4)

  await page.getByLabel('Buscar').fill('victimizacion')
  await page.getByRole('button', { name: 'Mostrar cursos' }).click()
  await expect(page).toHaveURL(/q=victimizacion/)
  await expect(page.getByRole('listitem').getByRole('heading', { level: 2 })).toHaveCount(1)
  await page.getByRole('link', { name: 'Medir el delito mediante encuestas de victimización' }).click()

  await expect(
    page.getByRole('heading', { level: 1, name: 'Medir el delito mediante encuestas de victimización' }),
  ).toBeVisible()
  await page.getByRole('link', { name: 'Empezar el curso' }).click()
  await expect(page.getByText('Lección 1 de')).toBeVisible()
  const firstTitle = await page.getByRole('heading', { level: 1 }).textContent()

  // Client-side navigation to the next lesson imports its compiled module before rendering.
  await page
    .getByRole('navigation', { name: 'Lección anterior y siguiente' })
    .getByRole('link', { name: /Siguiente/ })
    .click()
  await expect(page.getByText('Lección 2 de')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(firstTitle!)
  await expect(page.locator('.lesson-prose p').first()).toBeVisible()
  const spanishUrl = new URL(page.url())

  await page.getByRole('navigation', { name: 'Idioma' }).getByRole('link', { name: 'English' }).click()
  await expect(page).toHaveURL(spanishUrl.pathname.replace(/^\/es\//, '/en/'))
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByText('Lesson 2 of')).toBeVisible()
})

// The lesson text travels once: as markup in the document, not again in the page's data
// (app/components/static-html.tsx). The page keeps it as it comes alive, and a client-side
// navigation, which brings the text in its data, shows the next lesson and the first again.
test('a lesson opened directly keeps its text as it comes alive, and after next and back', async ({ page }) => {
  let loads = 0
  page.on('load', () => loads++)
  await page.goto('/en/courses/iccs/why-a-classification/origin-and-status')
  const prose = page.locator('.lesson-prose')
  const first = (await prose.textContent())!
  expect(first.length).toBeGreaterThan(500)
  await waitForHydration(page)
  await expect(prose).toHaveText(first)
  const pager = page.getByRole('navigation', { name: 'Previous and next lesson' })
  await pager.getByRole('link', { name: /Next/ }).click()
  await expect(page.getByText('Lesson 3 of')).toBeVisible()
  await expect(prose).not.toHaveText(first)
  expect((await prose.textContent())!.length).toBeGreaterThan(500)
  await pager.getByRole('link', { name: /Previous/ }).click()
  await expect(page.getByText('Lesson 2 of')).toBeVisible()
  await expect(prose).toHaveText(first)
  expect(loads, 'one document load: both navigations ran in the page').toBe(1)
})

test('a lesson renders its math as MathML and its glossary terms with definitions', async ({ page }) => {
  await page.goto('/en/courses/victimization-surveys/indicators/prevalence-and-incidence')
  await expect(page.locator('.lesson-prose math').first()).toBeAttached()
  const term = page.locator('.lesson-prose a.key-term').first()
  await expect(term.locator('dfn')).toBeAttached()
  await term.focus()
  await expect(page.getByRole('tooltip').first()).toBeVisible()
})

// These pages answer 404 on purpose, which the browser logs as a console error: use a page
// without the fixture's console-error check. (A paid lesson shows the course's offer instead:
// learner-first-day.spec.ts.)
test('unknown courses and lessons are a translated 404', async ({ browser }) => {
  const page = await browser.newPage()
  for (const [path, heading] of [
    ['/es/courses/no-existe', 'Página no encontrada'],
    ['/en/courses/iccs/structure/nope', 'Page not found'],
    ['/en/courses/iccs/structure%2F..%2F..%2Fprisma/schema', 'Page not found'],
  ] as const) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  }
})

// Two lessons of the precision-and-inference and survey-design work (issue 16): display math, a
// table in a solution, and the WHO recommendations table.
const NEW_LESSONS = [
  '/courses/victimization-surveys/precision-and-inference/confidence-intervals-and-change',
  '/courses/victimization-surveys/survey-design/ethics-and-safety',
  // UN-CTS and ICCS training (issue 16 §3): a person table to fill, a quiz with a match item, a table of codes.
  '/courses/un-cts/persons-and-counts/counting-rules',
  '/courses/iccs/implementing-the-iccs/counting-and-attempts',
  '/courses/iccs/implementing-the-iccs/national-implementation',
  '/courses/iccs/implementing-the-iccs/practice-sections-06-to-11',
  // Homicide (issue 16 §3): rates by age group with its four-step exercise.
  '/courses/homicide-sdg16/indicator-16-1-1/rates-by-age-group',
]

for (const lang of LANGS) {
  for (const path of ['/courses', '/courses/iccs', LESSON, ...NEW_LESSONS]) {
    test(`${lang}: ${path} has no serious accessibility violations`, async ({ page }) => {
      await page.goto(`/${lang}${path}`)
      await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)')
      expect(await seriousA11yViolations(page)).toEqual([])
    })
  }
}
