// Charts drawn from a course's datasets at build time (ADR 031): Vega-Lite compiles the chart to a
// Vega spec and Vega's View#toSVG() renders it in Node (no canvas, no browser). The lesson's HTML
// carries the SVG; no chart JavaScript reaches the browser. Numbers on the axes follow the
// number convention the lesson is rendered for (Vega's formatLocale).
import { optimize, type Config } from 'svgo'
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { type NumberConvention } from '#app/quizzes/numbers.ts'
import { type Locale } from './load.server.ts'
import { type DatasetValue, type ManifestDataset } from './manifest.ts'

export const CHART_TYPES = ['line', 'bar', 'stacked-bar'] as const
export type ChartType = (typeof CHART_TYPES)[number]
export const NUMBER_CONVENTIONS: NumberConvention[] = ['point', 'comma']

/** What a lesson's <Chart> asks for, checked against its dataset (compile.server.ts). */
export type ChartRequest = { dataset: string; type: ChartType; x: string; y: string; series?: string }
/** The chart as SVG for each number convention. */
export type RenderedChart = ChartRequest & { svg: Record<NumberConvention, string> }

const NUMBER_LOCALES = {
  point: { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] },
  comma: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ''] },
} satisfies Record<NumberConvention, { decimal: string; thousands: string; grouping: number[]; currency: string[] }>

// An accessible palette that stays distinct in grey (Okabe–Ito) for up to eight series.
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442']

/** The axis title of a column in the lesson's language: its label, and its unit in brackets. */
export function columnTitle(dataset: ManifestDataset, name: string, locale: Locale): string {
  const column = dataset.columns.find((c) => c.name === name)!
  return column.unit ? `${column.label[locale]} (${column.unit[locale]})` : column.label[locale]
}

export function chartSpec(
  request: ChartRequest,
  dataset: ManifestDataset,
  locale: Locale,
  convention: NumberConvention,
): TopLevelSpec {
  const { type, x, y, series } = request
  const index = (name: string) => dataset.columns.findIndex((c) => c.name === name)
  const fields = [x, y, ...(series ? [series] : [])]
  // Codes with categories appear as their meaning in the lesson's language.
  const shown = (name: string, value: DatasetValue) =>
    dataset.columns[index(name)]!.categories?.[String(value)]?.[locale] ?? value
  const values = dataset.rows.map((row) =>
    Object.fromEntries(fields.map((f, i) => [`f${i}`, shown(f, row[index(f)]!)])),
  )
  const xColumn = dataset.columns[index(x)]!
  const xQuantitative = type === 'line' && (xColumn.type === 'integer' || xColumn.type === 'number')
  const color = series
    ? {
        color: {
          field: 'f2',
          type: 'nominal' as const,
          title: columnTitle(dataset, series, locale),
          scale: { range: PALETTE },
          legend: { orient: 'bottom' as const, labelLimit: 240 },
        },
      }
    : {}
  return {
    width: 560,
    height: 280,
    background: 'white',
    config: {
      // The SVG is one image (role="img") named by the chart's title: no ARIA inside it.
      aria: false,
      locale: { number: NUMBER_LOCALES[convention] },
      font: 'Arial, Helvetica, sans-serif',
      axis: { labelFontSize: 12, titleFontSize: 12, labelColor: '#1e293b', titleColor: '#1e293b' },
      legend: { labelFontSize: 12, titleFontSize: 12 },
    },
    data: { values },
    mark:
      type === 'line'
        ? { type: 'line', point: true, strokeWidth: 2, color: PALETTE[0] }
        : { type: 'bar', color: PALETTE[0] },
    encoding: {
      x: {
        field: 'f0',
        type: xQuantitative ? 'quantitative' : 'ordinal',
        title: columnTitle(dataset, x, locale),
        axis: { labelAngle: 0, labelOverlap: true },
        sort: null,
      },
      y: {
        field: 'f1',
        type: 'quantitative',
        title: columnTitle(dataset, y, locale),
        ...(type === 'stacked-bar' ? { stack: 'zero' as const } : { stack: null }),
        axis: { format: ',~f' },
      },
      ...(type === 'bar' && series ? { xOffset: { field: 'f2', type: 'nominal' as const } } : {}),
      ...color,
    },
  } as TopLevelSpec
}

/**
 * Vega's SVG made smaller once, at build time (SVGO, the kept optimiser made for it): every lesson
 * page carries its charts, so their bytes are paid on each request (compressed, sent) and each
 * print. Coordinates, colours and shapes are kept; what goes is what draws nothing: Vega's class
 * names (no style uses them), `pointer-events` on a picture nothing can point at, default values,
 * empty groups and repeated attributes (moved to their group). Measured on the 32 SVGs of the four
 * courses: 6.5–16.0 KB each (350 KB in all) → 2.1–5.8 KB (126 KB), for about 80 ms more per chart
 * at build time. One pass: a second saved 7 % more for twice the time.
 */
const SVGO_CONFIG: Config = {
  multipass: false,
  plugins: [{ name: 'removeAttrs', params: { attrs: ['class', 'pointer-events'] } }, 'preset-default'],
}

/** The chart as an SVG string, with numbers written in `convention`. */
export async function renderChartSvg(
  request: ChartRequest,
  dataset: ManifestDataset,
  locale: Locale,
  convention: NumberConvention,
): Promise<string> {
  const { spec } = compile(chartSpec(request, dataset, locale, convention))
  const view = new vega.View(vega.parse(spec), { renderer: 'none' })
  try {
    // The lesson names the whole SVG as one image (role="img", its title and description) and gives
    // its data as a table: Vega's own ARIA roles and labels inside it (English, and images
    // without names for axe) are dropped.
    const svg = (await view.toSVG()).replace(/\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '')
    return optimize(svg, SVGO_CONFIG).data
  } finally {
    view.finalize()
  }
}

export async function renderChart(
  request: ChartRequest,
  dataset: ManifestDataset,
  locale: Locale,
): Promise<RenderedChart> {
  const [point, comma] = await Promise.all(
    NUMBER_CONVENTIONS.map((convention) => renderChartSvg(request, dataset, locale, convention)),
  )
  return { ...request, svg: { point: point!, comma: comma! } }
}
