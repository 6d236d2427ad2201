// Search inside the courses (issue 15, item 9): "cifra negra" in the Spanish catalogue lists the
// lessons that mention it with the passage, and the link opens the lesson at that section; the same
// in English with "dark figure". Axe clean.
import { expect, seriousA11yViolations, test } from './fixtures.ts'

const CASES = [
  { lang: 'es', query: 'Cifra Negra', heading: 'En las lecciones', match: /^cifra negra$/i },
  { lang: 'en', query: 'DARK figure', heading: 'In the lessons', match: /^dark figure$/i },
] as const

for (const { lang, query, heading, match } of CASES) {
  test(`${lang}: the catalogue search finds lesson text and links to the section`, async ({ page }) => {
    await page.goto(`/${lang}/courses`)
    await page.getByRole('searchbox').fill(query)
    await page.getByRole('searchbox').press('Enter')
    const results = page.getByRole('region', { name: heading })
    const hits = results.getByTestId('lesson-hit')
    await expect(hits.first()).toBeVisible()
    await expect(hits.first().locator('mark')).toHaveText(match)
    expect(await seriousA11yViolations(page), 'catalogue with lesson results').toEqual([])

    const link = hits.first().getByRole('link')
    const href = (await link.getAttribute('href'))!
    const anchor = href.split('#')[1]!
    await link.click()
    await expect(page).toHaveURL(href)
    await expect(page.locator(`[id="${anchor}"]`)).toBeInViewport()
  })
}
