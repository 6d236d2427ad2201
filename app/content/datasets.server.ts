// Reads and checks a course's datasets (docs/course-format.md, ADR 031): courses/<course>/datasets/
// <id>.csv (the data, RFC 4180, comma-separated, a header row, "." as the decimal point) and
// <id>.yaml (bilingual metadata and the columns). Every problem is reported with file and line.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { LineCounter, parseDocument } from 'yaml'
import { type Problem, lineOf, readYaml } from './load.server.ts'
import { type DatasetValue, type ManifestDataset } from './manifest.ts'
import { DatasetSchema, MAX_DATASET_BYTES, type DatasetColumnType } from './schema.ts'

const PARSERS: Record<DatasetColumnType, (cell: string) => DatasetValue | undefined> = {
  integer: (c) => (/^-?\d+$/.test(c) ? Number(c) : undefined),
  number: (c) => (/^-?(\d+(\.\d*)?|\.\d+)$/.test(c) ? Number(c) : undefined),
  year: (c) => (/^\d{4}$/.test(c) ? Number(c) : undefined),
  code: (c) => (/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(c) ? c : undefined),
  text: (c) => c,
}
const EXPECTED: Record<DatasetColumnType, string> = {
  integer: 'a whole number such as 1250 (no thousands separators)',
  number: 'a number with "." as the decimal point, such as 12.5 (no thousands separators)',
  year: 'a four-digit year',
  code: 'a code of letters, digits, ".", "_", "/" or "-"',
  text: 'text',
}

/** What kind of problem a dataset has, for the Studio's translated message (the English one says more). */
export type DatasetProblemCode =
  | 'id'
  | 'column-twice'
  | 'csv-missing'
  | 'csv-too-large'
  | 'csv-malformed'
  | 'csv-empty'
  | 'csv-header-missing'
  | 'csv-header-extra'
  | 'csv-required'
  | 'csv-category'
  | `csv-type-${DatasetColumnType}`

/** The type a column's cells all read as (the first of integer, number, code, text): a new dataset's guess. */
export function guessColumnType(cells: string[]): DatasetColumnType {
  const filled = cells.map((c) => c.trim()).filter(Boolean)
  if (!filled.length) return 'text'
  return (
    (['integer', 'number', 'code'] as const).find((type) => filled.every((c) => PARSERS[type](c) !== undefined)) ??
    'text'
  )
}

/** The datasets of the course in `dir`, checked; a dataset with problems is left out. */
export function loadDatasets(dir: string, problems: Problem[]): Map<string, ManifestDataset> {
  const rel = (p: string) => path.relative(process.cwd(), p) || p
  const folder = path.join(dir, 'datasets')
  const datasets = new Map<string, ManifestDataset>()
  if (!existsSync(folder)) return datasets
  const names = readdirSync(folder).sort()
  for (const name of names) {
    const file = path.join(folder, name)
    if (name.endsWith('.csv')) {
      if (!names.includes(name.replace(/\.csv$/, '.yaml')))
        problems.push({ file: rel(file), message: `no metadata: write ${name.replace(/\.csv$/, '.yaml')} beside it` })
      continue
    }
    if (!name.endsWith('.yaml')) {
      problems.push({ file: rel(file), message: 'a datasets/ folder holds only <id>.csv and <id>.yaml files' })
      continue
    }
    const dataset = loadDataset(file, rel, problems)
    if (dataset) datasets.set(dataset.id, dataset)
  }
  return datasets
}

function loadDataset(yamlFile: string, rel: (p: string) => string, problems: Problem[]): ManifestDataset | null {
  const csvFile = yamlFile.replace(/\.yaml$/, '.csv')
  return checkDataset(
    {
      id: path.basename(yamlFile, '.yaml'),
      yaml: { file: rel(yamlFile), text: readFileSync(yamlFile, 'utf8') },
      csv: existsSync(csvFile)
        ? { file: rel(csvFile), size: statSync(csvFile).size, text: () => readFileSync(csvFile, 'utf8') }
        : null,
    },
    problems,
  )
}

/** A dataset's two files as the checks read them: the CSV's text is read only when its size is allowed. */
export type DatasetFiles = {
  id: string
  yaml: { file: string; text: string }
  csv: { file: string; size: number; text: () => string } | null
}

/**
 * The checks of one dataset, on its files' texts: the same for a course folder (loadDatasets) and a
 * dataset edited in the Studio (ADR 034 §3e). Problems are added to `problems`; null if any.
 */
export function checkDataset(files: DatasetFiles, problems: Problem[]): ManifestDataset | null {
  const before = problems.length
  const { id } = files
  const { file: yamlFile, text } = files.yaml
  const meta = readYaml(yamlFile, text, DatasetSchema, problems)
  if (!meta) return null
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  const metaProblem = (where: Array<string | number>, message: string, code: DatasetProblemCode) =>
    problems.push({ file: yamlFile, line: lineOf(doc, lineCounter, where), message, code })
  if (meta.id !== id) metaProblem(['id'], `id "${meta.id}" must equal the file name "${id}"`, 'id')
  const seen = new Set<string>()
  meta.columns.forEach((c, i) => {
    if (seen.has(c.name)) metaProblem(['columns', i, 'name'], `column "${c.name}" is declared twice`, 'column-twice')
    seen.add(c.name)
  })

  if (!files.csv) {
    problems.push({
      file: yamlFile,
      line: 1,
      message: `the data file datasets/${id}.csv is missing`,
      code: 'csv-missing',
    })
    return null
  }
  const csv = files.csv.file
  const size = files.csv.size
  if (size > MAX_DATASET_BYTES) {
    problems.push({
      file: csv,
      message: `the file is too large (${(size / 1024 / 1024).toFixed(1)} MB; at most ${MAX_DATASET_BYTES / 1024 / 1024} MB)`,
      code: 'csv-too-large',
    })
    return null
  }
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    records = parse(files.csv.text(), {
      bom: true,
      info: true,
      skip_empty_lines: true,
    }) as unknown as typeof records
  } catch (error) {
    const e = error as Error & { lines?: number }
    problems.push({
      file: csv,
      line: e.lines,
      message: `malformed CSV: ${e.message.replace(/ at line \d+$/, '')}`,
      code: 'csv-malformed',
    })
    return null
  }
  if (!records.length) {
    problems.push({
      file: csv,
      line: 1,
      message: 'the file is empty: it needs a header row and data rows',
      code: 'csv-empty',
    })
    return null
  }
  const header = records[0]!.record.map((h) => h.trim())
  const index = meta.columns.map((c, i) => {
    const at = header.indexOf(c.name)
    if (at === -1)
      metaProblem(
        ['columns', i, 'name'],
        `column "${c.name}" is declared but datasets/${id}.csv has no such header`,
        'csv-header-missing',
      )
    return at
  })
  for (const h of header)
    if (!seen.has(h))
      problems.push({
        file: csv,
        line: 1,
        message: `column "${h}" is not declared in ${id}.yaml`,
        code: 'csv-header-extra',
      })
  if (records.length === 1)
    problems.push({ file: csv, line: 2, message: 'the file has a header but no data rows', code: 'csv-empty' })
  if (problems.length > before) return null

  const rows: DatasetValue[][] = []
  for (const { record, info } of records.slice(1)) {
    const row = meta.columns.map((column, i) => {
      const cell = (record[index[i]!] ?? '').trim()
      if (!cell) {
        if (column.required)
          problems.push({
            file: csv,
            line: info.lines,
            message: `column "${column.name}" is empty (it is required)`,
            code: 'csv-required',
          })
        return null
      }
      const value = PARSERS[column.type](cell)
      if (value !== undefined && column.categories && !Object.hasOwn(column.categories, String(value)))
        problems.push({
          file: csv,
          line: info.lines,
          message: `column "${column.name}": "${cell.slice(0, 40)}" is not one of its categories (${Object.keys(column.categories).join(', ')})`,
          code: 'csv-category',
        })
      if (value === undefined)
        problems.push({
          file: csv,
          line: info.lines,
          message: `column "${column.name}": "${cell.slice(0, 40)}" is not ${EXPECTED[column.type]}`,
          code: `csv-type-${column.type}`,
        })
      return value ?? null
    })
    rows.push(row)
  }
  if (problems.length > before) return null
  return { ...meta, id, rows }
}
