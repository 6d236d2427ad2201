// Datasets (ADR 031): courses:check problems with file and line, the downloads read back, and
// charts rendered to SVG in each number convention.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, expect, test } from 'vitest'
import { renderChart, renderChartSvg } from './charts.server.ts'
import { compileLesson } from './compile.server.ts'
import { datasetCsv, datasetXlsx } from './dataset-files.server.ts'
import { loadDatasets } from './datasets.server.ts'
import { type Problem } from './load.server.ts'
import { type ManifestDataset } from './manifest.ts'
import { renderLessonHtml } from './prerender.server.tsx'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const META = `id: rates
title: { en: Rates, es: Tasas }
description: { en: Some rates, es: Algunas tasas }
fictitious: true
columns:
  - name: year
    label: { en: Year, es: Año }
    type: year
  - name: region
    label: { en: Region, es: Región }
    type: code
    categories:
      n: { en: North, es: Norte }
      s: { en: South, es: Sur }
  - name: crimes
    label: { en: Crimes, es: Delitos }
    type: integer
    unit: { en: incidents, es: incidentes }
  - name: rate
    label: { en: Rate, es: Tasa }
    type: number
    unit: { en: per 100, es: por 100 }
`
const CSV = 'year,region,crimes,rate\n2020,n,12000,1.5\n2020,s,18500,2.25\n2021,n,15000,0.75\n2021,s,9000,1\n'

/** A course folder whose datasets/ holds the given files; returns the problems, relative to it. */
function check(files: Record<string, string | Buffer>): { problems: string[]; datasets: Map<string, ManifestDataset> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-datasets-'))
  dirs.push(dir)
  mkdirSync(path.join(dir, 'datasets'))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'datasets', name), text)
  const problems: Problem[] = []
  const datasets = loadDatasets(dir, problems)
  return {
    problems: problems.map((p) => `${path.relative(dir, path.resolve(p.file))}:${p.line ?? ''}: ${p.message}`),
    datasets,
  }
}

test('a good dataset loads with typed values and raises nothing', () => {
  const { problems, datasets } = check({ 'rates.yaml': META, 'rates.csv': CSV })
  expect(problems).toEqual([])
  expect(datasets.get('rates')!.rows[1]).toEqual([2020, 's', 18500, 2.25])
})

test('courses:check reports each dataset mistake with its file and line', () => {
  const cases: Array<[Record<string, string | Buffer>, string, RegExp]> = [
    // A declared column the CSV lacks: the line of its declaration.
    [
      { 'rates.yaml': META, 'rates.csv': CSV.replace('rate\n', 'ratio\n') },
      'datasets/rates.yaml:19:',
      /"rate" is declared but/,
    ],
    [
      { 'rates.yaml': META, 'rates.csv': CSV.replace(/\n/g, ',x\n').replace('rate,x', 'rate,extra') },
      'datasets/rates.csv:1:',
      /"extra" is not declared/,
    ],
    // Types that do not parse: the CSV line.
    [{ 'rates.yaml': META, 'rates.csv': CSV.replace('15000', '15,000') }, 'datasets/rates.csv:', /./],
    [{ 'rates.yaml': META, 'rates.csv': CSV.replace('2.25', '2,25') }, 'datasets/rates.csv:', /./],
    [
      { 'rates.yaml': META, 'rates.csv': CSV.replace('0.75', 'n/a') },
      'datasets/rates.csv:4:',
      /"rate": "n\/a" is not a number/,
    ],
    [
      { 'rates.yaml': META, 'rates.csv': CSV.replace('2021,n', '21,n') },
      'datasets/rates.csv:4:',
      /"year": "21" is not a four-digit year/,
    ],
    [
      { 'rates.yaml': META, 'rates.csv': CSV.replace('2021,s', '2021,e') },
      'datasets/rates.csv:5:',
      /"e" is not one of its categories/,
    ],
    // An empty required cell.
    [
      { 'rates.yaml': META, 'rates.csv': CSV.replace('9000', '') },
      'datasets/rates.csv:5:',
      /"crimes" is empty \(it is required\)/,
    ],
    // Malformed CSV: an unclosed quote, a row with too many cells.
    [{ 'rates.yaml': META, 'rates.csv': CSV.replace('2021,n', '"2021,n') }, 'datasets/rates.csv:', /malformed CSV/],
    [{ 'rates.yaml': META, 'rates.csv': CSV.replace('1.5\n', '1.5,9\n') }, 'datasets/rates.csv:2:', /malformed CSV/],
    // Too large.
    [{ 'rates.yaml': META, 'rates.csv': Buffer.alloc(5 * 1024 * 1024 + 1, 'a') }, 'datasets/rates.csv:', /too large/],
    // Metadata: neither source nor fictitious; the id; a CSV without metadata; a missing CSV.
    [
      { 'rates.yaml': META.replace('fictitious: true\n', ''), 'rates.csv': CSV },
      'datasets/rates.yaml:',
      /source and licence, or fictitious: true/,
    ],
    [
      { 'rates.yaml': META.replace('id: rates', 'id: other'), 'rates.csv': CSV },
      'datasets/rates.yaml:1:',
      /must equal the file name/,
    ],
    [{ 'rates.csv': CSV }, 'datasets/rates.csv:', /no metadata/],
    [{ 'rates.yaml': META }, 'datasets/rates.yaml:1:', /rates\.csv is missing/],
  ]
  for (const [files, where, message] of cases) {
    const { problems, datasets } = check(files)
    expect(
      problems.some((line) => line.startsWith(where) && message.test(line)),
      `${where} ${message}\n${problems.join('\n')}`,
    ).toBe(true)
    expect(datasets.size).toBe(0)
  }
})

const dataset = () => check({ 'rates.yaml': META, 'rates.csv': CSV }).datasets.get('rates')!

test('CSV downloads: headers in the page language, comma and semicolon variants', () => {
  const comma = datasetCsv(dataset(), 'en', 'comma')
  expect(comma.startsWith('\uFEFFYear,Region,Crimes (incidents),Rate (per 100)\r\n2020,n,12000,1.5\r\n')).toBe(true)
  const semicolon = datasetCsv(dataset(), 'es', 'semicolon')
  expect(semicolon.split('\r\n').slice(0, 3)).toEqual([
    '\uFEFFAño;Región;Delitos (incidentes);Tasa (por 100)',
    '2020;n;12000;"1,5"',
    '2020;s;18500;"2,25"',
  ])
})

test('the Excel workbook has a data sheet and a metadata sheet in the page language, numbers as numbers', async () => {
  for (const [lang, data, meta, header] of [
    ['en', 'Data', 'Metadata', 'Crimes (incidents)'],
    ['es', 'Datos', 'Metadatos', 'Delitos (incidentes)'],
  ] as const) {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await datasetXlsx(dataset(), lang)).buffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual([data, meta])
    const sheet = workbook.getWorksheet(data)!
    expect(sheet.getRow(1).getCell(3).value).toBe(header)
    expect(sheet.getRow(3).getCell(3).value).toBe(18500)
    expect(sheet.getRow(3).getCell(4).value).toBe(2.25)
    expect(sheet.getRow(3).getCell(4).type).toBe(ExcelJS.ValueType.Number)
    expect(sheet.getRow(3).getCell(2).value).toBe('s')
    expect(sheet.rowCount).toBe(5)
    const facts = workbook.getWorksheet(meta)!.getColumn(2).values.map(String)
    expect(facts).toContain(lang === 'en' ? 'Rates' : 'Tasas')
    expect(facts.some((f) => /fictitious|ficticios/i.test(f))).toBe(true)
  }
})

test('a chart renders to SVG with axis numbers in each convention and labels in the language', async () => {
  const request = { dataset: 'rates', type: 'bar', x: 'year', y: 'crimes', series: 'region' } as const
  const point = await renderChartSvg(request, dataset(), 'en', 'point')
  const comma = await renderChartSvg(request, dataset(), 'es', 'comma')
  expect(point).toMatch(/^<svg /)
  // Made smaller at build time (SVGO): nothing that draws nothing, such as Vega's class names.
  expect(point).not.toMatch(/ class=| pointer-events=|<g>/)
  // Tick labels: 10,000 (point) and 10.000 (comma), never the other way round.
  expect(point).toContain('>10,000<')
  expect(point).not.toContain('>10.000<')
  expect(comma).toContain('>10.000<')
  expect(comma).not.toContain('>10,000<')
  expect(point).toContain('Crimes (incidents)')
  expect(comma).toContain('Delitos (incidentes)')
  expect(comma).toContain('>Norte<')
  // Decimals: a rate axis.
  const rates = await renderChartSvg({ ...request, type: 'line', y: 'rate' }, dataset(), 'es', 'comma')
  expect(rates).toMatch(/>0,5</)
  const ratesPoint = await renderChartSvg({ ...request, type: 'line', y: 'rate' }, dataset(), 'en', 'point')
  expect(ratesPoint).toMatch(/>0\.5</)
})

test('a lesson chart is an accessible SVG with its data table one click away; wrong props are reported', async () => {
  const datasets = new Map([['rates', dataset()]])
  const ctx = {
    courseSlug: 'c',
    locale: 'es' as const,
    file: 'lesson.es.mdx',
    bodyLine: 5,
    lessonIds: new Set<string>(),
    glossaryIds: new Set<string>(),
    quizIds: new Set<string>(),
    assets: new Map<string, string>(),
    datasets,
    convention: 'comma' as const,
  }
  const body =
    '# T\n\n<Dataset id="rates" />\n\n<Chart dataset="rates" type="stacked-bar" x="year" y="crimes" series="region" title="Delitos" description="Barras apiladas" />\n'
  const { lesson, problems } = await compileLesson(body, ctx)
  expect(problems).toEqual([])
  const charts = await Promise.all(lesson!.charts.map((c) => renderChart(c, dataset(), 'es')))
  const html = renderLessonHtml(lesson!.code, 'es', {}, undefined, 'comma', {
    courseSlug: 'c',
    datasets: { rates: dataset() },
    charts,
  })
  expect(html).toMatch(/<svg role="img" aria-labelledby="([^"]+)" aria-describedby="([^"]+)"/)
  const [, titleId] = /<svg role="img" aria-labelledby="([^"]+)"/.exec(html)!
  expect(html).toContain(`id="${titleId}" class="block font-semibold text-slate-900">Delitos<`)
  expect(html).toMatch(
    /<details class="chart-data[^"]*"><summary[^>]*>Mostrar los datos del gráfico \(tabla\)<\/summary>/,
  )
  expect(html).toContain('<td class="align-right">18.500</td>')
  expect(html).toContain('>10.000<')
  expect(html).toContain('href="/es/courses/c/datasets/rates.xlsx"')
  expect(html).toContain('href="/es/courses/c/datasets/rates.csv?sep=semicolon"')
  expect(html).not.toContain('<script')
  // One image: no ARIA roles of Vega's own inside the SVG (axe: images without names).
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'))
  expect(svg.match(/role="/g)).toEqual(['role="'])
  expect(svg).not.toContain('aria-roledescription')

  const wrong =
    '<Chart dataset="rates" type="pie" x="year" y="region" title="T" description="D" />\n\n<Chart dataset="nope" type="line" x="a" y="b" title="T" description="D" />\n\n<Dataset id="missing" />\n'
  const bad = await compileLesson(wrong, ctx)
  const found = bad.problems.map((p) => `${p.line}: ${p.message}`)
  expect(found).toEqual(
    expect.arrayContaining([
      '5: Chart type must be line, bar, stacked-bar',
      '5: Chart y="region" must be a column of type integer or number',
      expect.stringMatching(/^7: Chart dataset "nope"/),
      expect.stringMatching(/^9: Dataset id "missing"/),
    ]),
  )
})
