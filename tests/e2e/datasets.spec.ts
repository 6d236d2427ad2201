// Datasets and charts in lessons (issue 17, items 1 and 2; ADR 031): a learner in each language
// downloads a dataset as CSV and as Excel (read back with exceljs), reads a chart drawn at build
// time (SVG, axis numbers in the language's convention, data table reached by keyboard), axe
// clean, and the chart adds no script to the page. Unknown datasets are 404s in the language.
import { readFile } from 'node:fs/promises'
import { type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { DEMO, expect, logIn, seriousA11yViolations, test } from './fixtures.ts'

const LESSON = '/courses/un-cts/persons-and-counts/flows-and-stocks'
const PLAIN_LESSON = '/courses/un-cts/the-survey/what-it-is'

const CASES = [
  {
    lang: 'en',
    chart: 'Persons at each stage of the justice system, 2019–2023',
    tick: '10,000',
    otherTick: '10.000',
    showData: 'Show the data behind the chart (table)',
    csvHeader: 'Year,Stage,Persons (persons)',
    xlsxHeader: 'Persons held (persons)',
    sheets: ['Data', 'Metadata'],
  },
  {
    lang: 'es',
    chart: 'Personas en cada etapa del sistema de justicia, 2019-2023',
    tick: '10.000',
    otherTick: '10,000',
    showData: 'Mostrar los datos del gráfico (tabla)',
    csvHeader: 'Año,Etapa,Personas (personas)',
    xlsxHeader: 'Personas recluidas (personas)',
    sheets: ['Datos', 'Metadatos'],
  },
] as const

/** The scripts a page's HTML loads: their addresses, and "inline" for each inline one. */
async function scriptsOf(page: Page, path: string): Promise<string[]> {
  const html = await (await page.request.get(path)).text()
  return [...html.matchAll(/<script\b([^>]*)>/g)].map(([, attrs]) => /\bsrc="([^"]+)"/.exec(attrs!)?.[1] ?? 'inline')
}

for (const c of CASES) {
  test(`a learner in ${c.lang} reads a chart and downloads its data as CSV and Excel`, async ({ page }) => {
    await logIn(page.request, DEMO.learner.email)
    await page.goto(`/${c.lang}${LESSON}`)

    // The chart: an SVG image named by its title, axis numbers in the language's convention.
    const chart = page.getByRole('img', { name: c.chart })
    await expect(chart).toBeVisible()
    expect(await chart.evaluate((n) => n.tagName.toLowerCase())).toBe('svg')
    const ticks = await chart.locator('text').allTextContents()
    expect(ticks).toContain(c.tick)
    expect(ticks).not.toContain(c.otherTick)

    // The data behind it, by keyboard: the summary takes focus, Enter opens it, Tab reaches the table.
    const figure = page.locator('figure.chart').filter({ has: chart })
    const summary = figure.getByText(c.showData)
    const table = figure.getByRole('table')
    await expect(table).toBeHidden()
    await summary.focus()
    await expect(summary).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(table).toBeVisible()
    await page.keyboard.press('Tab')
    await expect(figure.getByRole('region')).toBeFocused()
    await expect(table.getByRole('row')).toHaveCount(1 + 15)

    expect(await seriousA11yViolations(page)).toEqual([])

    // The chart adds no script: the page's HTML loads the same scripts as a lesson without a chart.
    const withChart = await scriptsOf(page, `/${c.lang}${LESSON}`)
    expect(withChart.length).toBeGreaterThan(0)
    expect(withChart).toEqual(await scriptsOf(page, `/${c.lang}${PLAIN_LESSON}`))
    await expect(figure.locator('script')).toHaveCount(0)

    // Downloads: CSV (comma) with headers in the page's language.
    const section = page.locator('section.dataset').first()
    const csvLink = section.getByRole('link', { name: c.lang === 'en' ? 'CSV (comma)' : 'CSV (coma)' })
    const [csv] = await Promise.all([page.waitForEvent('download'), csvLink.click()])
    const csvText = await readFile((await csv.path())!, 'utf8')
    expect(csvText.split('\r\n')[0]).toBe(`\uFEFF${c.csvHeader}`)
    expect(csvText.split('\r\n')[1]).toBe('2019,suspected,42070')

    // The Excel workbook of the second dataset: a data and a metadata sheet, numbers as numbers.
    const xlsxLink = page
      .locator('section.dataset')
      .nth(1)
      .getByRole('link', { name: /\(\.xlsx\)$/ })
    const [xlsx] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()])
    expect(xlsx.suggestedFilename()).toBe(`un-cts-prison-population-${c.lang}.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await xlsx.path())!)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(c.sheets)
    const data = workbook.worksheets[0]!
    expect(data.getRow(1).getCell(3).value).toBe(c.xlsxHeader)
    expect(data.getRow(2).getCell(1).value).toBe(2019)
    expect(data.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.Number)
  })
}

test('unknown datasets are 404s in the page language; a paid course keeps its data from those not enrolled', async ({
  request,
}) => {
  const en = await request.get('/en/courses/un-cts/datasets/no-such-data.csv', { headers: { Cookie: '' } })
  expect(en.status()).toBe(404)
  expect(await en.text()).toContain('There is no such dataset in this course.')
  const es = await request.get('/es/courses/un-cts/datasets/prison-population.pdf', { headers: { Cookie: '' } })
  expect(es.status()).toBe(404)
  expect(await es.text()).toContain('Este curso no tiene ese conjunto de datos.')
  expect((await request.get('/es/courses/no-such-course/datasets/x.csv', { headers: { Cookie: '' } })).status()).toBe(
    404,
  )

  // The homicide course is paid: no data for someone not enrolled; a free course's data for anyone.
  const paid = '/es/courses/homicide-sdg16/datasets/mexico-homicides-inegi.csv?sep=semicolon'
  const anonymous = await request.get(paid, { headers: { Cookie: '' } })
  expect(anonymous.status()).toBe(403)
  expect(await anonymous.text()).toContain('inscríbase en el curso')
  const free = await request.get('/es/courses/un-cts/datasets/prison-population.csv?sep=semicolon', {
    headers: { Cookie: '' },
  })
  expect(free.status()).toBe(200)
  expect(free.headers()['content-disposition']).toContain('un-cts-prison-population-es-excel.csv')
  expect((await free.text()).split('\r\n')[0]).toBe('\uFEFFAño;Situación;Personas recluidas (personas)')
})
