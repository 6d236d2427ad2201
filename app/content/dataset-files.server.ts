// A dataset as the files learners download (ADR 031): CSV with commas or with semicolons for
// Excel (app/utils/csv.server.ts: BOM, CRLF, formulas neutralised, a decimal comma in the
// semicolon variant) and an Excel workbook (exceljs) with a data sheet and a metadata sheet.
// Headers and metadata are in the page's language; numbers are stored as numbers.
import { toCsv, type CsvSeparator } from '#app/utils/csv.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { type ManifestDataset } from './manifest.ts'

/** A column's header in `lang`: its label, and its unit in brackets. */
export function datasetHeaders(dataset: ManifestDataset, lang: Lang): string[] {
  return dataset.columns.map((c) => (c.unit ? `${c.label[lang]} (${c.unit[lang]})` : c.label[lang]))
}

export function datasetCsv(dataset: ManifestDataset, lang: Lang, separator: CsvSeparator): string {
  return toCsv(datasetHeaders(dataset, lang), dataset.rows, separator)
}

export async function datasetXlsx(dataset: ManifestDataset, lang: Lang): Promise<Uint8Array<ArrayBuffer>> {
  const t = getT(lang, 'lesson')
  // Loaded on the first workbook asked for, not by every process at start (about 29 MB).
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Aula'
  // A fixed date keeps the file the same for the same data.
  workbook.created = new Date(0)
  workbook.modified = new Date(0)
  const data = workbook.addWorksheet(t('dataset.sheetData'), { views: [{ state: 'frozen', ySplit: 1 }] })
  data.addRow(datasetHeaders(dataset, lang)).font = { bold: true }
  // ExcelJS writes a string as a string and a number as a number: nothing is ever a formula.
  for (const row of dataset.rows) data.addRow(row.map((v) => v ?? null))
  data.columns.forEach((column, i) => {
    column.width = Math.min(40, Math.max(10, datasetHeaders(dataset, lang)[i]!.length + 2))
  })

  const meta = workbook.addWorksheet(t('dataset.sheetMetadata'))
  meta.getColumn(1).width = 24
  meta.getColumn(2).width = 60
  const fact = (label: string, value: string) => (meta.addRow([label, value]).getCell(1).font = { bold: true })
  fact(t('dataset.title'), dataset.title[lang])
  fact(t('dataset.description'), dataset.description[lang])
  if (dataset.fictitious) fact(t('dataset.source'), t('dataset.fictitious'))
  else {
    fact(t('dataset.source'), [dataset.source?.[lang], dataset.url].filter(Boolean).join(' — '))
    fact(t('dataset.licence'), dataset.licence?.[lang] ?? '')
  }
  meta.addRow([])
  meta.addRow([t('dataset.column'), t('dataset.meaning'), t('dataset.unit'), t('dataset.type')]).font = { bold: true }
  for (const c of dataset.columns)
    meta.addRow([c.name, c.label[lang], c.unit?.[lang] ?? '', t(`dataset.types.${c.type}`)])
  return new Uint8Array(await workbook.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>
}
