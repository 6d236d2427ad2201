// Cohort import, step 1: parseCohortCsv checks the whole file first (encoding, header, size,
// every row) and reports every problem with its row number; a file with any problem imports
// nothing. The steps after it: upload.server.ts (store and preview), run.server.ts (the job).
import { parse } from 'csv-parse/sync'
import { isCountryCode } from '#app/accounts/countries.ts'
import { detectCsvSeparator } from '#app/utils/csv.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import {
  CertificateNameSchema,
  EmailSchema,
  OrganisationSchema,
  PersonNameSchema,
  ORGANISATION_TYPES,
} from '#app/utils/validation.ts'

export const MAX_CSV_ROWS = 5000
export const MAX_CSV_BYTES = 3 * 1024 * 1024
export const CSV_COLUMNS = [
  'email',
  'name',
  'certificate_name',
  'country',
  'organisation',
  'organisation_type',
  'language',
] as const

type Column = (typeof CSV_COLUMNS)[number]
type OrganisationType = (typeof ORGANISATION_TYPES)[number]

/** A problem as an i18n key of the payments namespace and its values. */
export type Problem = { key: string; values?: Record<string, string | number> }
export type RowProblems = { row: number; problems: Problem[] }
export type CohortRow = {
  rowNumber: number
  email: string
  displayName: string
  certificateName: string
  country: string
  organisation: string
  organisationType: OrganisationType
  locale: Lang
}
export type ParseResult =
  { ok: true; rows: CohortRow[] } | { ok: false; fileProblems: Problem[]; rowProblems: RowProblems[] }

// Cells a spreadsheet would run as a formula (CSV injection): refused, never "fixed".
const FORMULA_START = /^[=+\-@\t\r]/
/** The separator found, as the key of its name (payments:cohorts.separators.*). */
const SEPARATOR_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const

/** Reads and checks a whole upload. Nothing is written. */
export function parseCohortCsv(bytes: Uint8Array): ParseResult {
  const fail = (...fileProblems: Problem[]): ParseResult => ({ ok: false, fileProblems, rowProblems: [] })
  if (bytes.length === 0) return fail({ key: 'payments:cohorts.file.empty' })
  if (bytes.length > MAX_CSV_BYTES)
    return fail({ key: 'payments:cohorts.file.tooLarge', values: { max: MAX_CSV_BYTES / 1024 / 1024 } })
  // UTF-16 (what Excel's "Unicode text" writes) or any byte that is not UTF-8: refuse, with the fix.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return fail({ key: 'payments:cohorts.file.encoding' })
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return fail({ key: 'payments:cohorts.file.encoding' })
  }
  if (text.includes('\u0000')) return fail({ key: 'payments:cohorts.file.encoding' })
  // Excel set up for Spanish saves "CSV" with semicolons: the separator is read from the header.
  const delimiter = detectCsvSeparator(text.replace(/^\uFEFF/, ''))
  let records: string[][]
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][]
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0
    return fail({ key: 'payments:cohorts.file.syntax', values: { line } })
  }
  const [header, ...data] = records
  if (!header) return fail({ key: 'payments:cohorts.file.empty' })
  const names = header.map((cell) =>
    cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  )
  if (names.length !== CSV_COLUMNS.length || names.some((name, i) => name !== CSV_COLUMNS[i])) {
    return fail({
      key: 'payments:cohorts.file.header',
      values: {
        expected: CSV_COLUMNS.join(delimiter),
        found: header.join(delimiter).slice(0, 300),
        separator: SEPARATOR_NAMES[delimiter],
      },
    })
  }
  if (data.length === 0) return fail({ key: 'payments:cohorts.file.noRows' })
  if (data.length > MAX_CSV_ROWS)
    return fail({ key: 'payments:cohorts.file.tooManyRows', values: { rows: data.length, max: MAX_CSV_ROWS } })

  const rows: CohortRow[] = []
  const rowProblems: RowProblems[] = []
  const firstRowOf = new Map<string, number>()
  data.forEach((record, index) => {
    // The header is line 1 of the spreadsheet: the first person is row 2.
    const rowNumber = index + 2
    const problems: Problem[] = []
    if (record.length !== CSV_COLUMNS.length) {
      rowProblems.push({
        row: rowNumber,
        problems: [
          { key: 'payments:cohorts.problems.columns', values: { found: record.length, expected: CSV_COLUMNS.length } },
        ],
      })
      return
    }
    const cell = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, record[i]!])) as Record<Column, string>
    // A formula cell gets one message, the formula's: the column's own check would only add a
    // second, misleading one ("not a valid e-mail address" for "=HYPERLINK(…)").
    const formula = new Set(
      CSV_COLUMNS.filter((column) => FORMULA_START.test(cell[column]) || FORMULA_START.test(cell[column].trim())),
    )
    for (const column of formula) problems.push({ key: 'payments:cohorts.problems.formula', values: { column } })
    const check = (column: Column, failed: boolean, problem: Problem) => {
      if (failed && !formula.has(column)) problems.push(problem)
    }
    const email = EmailSchema.safeParse(cell.email)
    check('email', !email.success, {
      key: 'payments:cohorts.problems.email',
      values: { value: cell.email.slice(0, 100) },
    })
    const name = PersonNameSchema.safeParse(cell.name)
    check('name', !name.success, { key: 'payments:cohorts.problems.name', values: { column: 'name' } })
    const certificateName = CertificateNameSchema.safeParse(cell.certificate_name)
    check('certificate_name', !certificateName.success, {
      key: 'payments:cohorts.problems.name',
      values: { column: 'certificate_name' },
    })
    const country = cell.country.trim().toUpperCase()
    check('country', !isCountryCode(country), {
      key: 'payments:cohorts.problems.country',
      values: { value: cell.country.slice(0, 60) },
    })
    const organisation = OrganisationSchema.safeParse(cell.organisation)
    check('organisation', !organisation.success, { key: 'payments:cohorts.problems.organisation' })
    const type = cell.organisation_type
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
    check('organisation_type', !(ORGANISATION_TYPES as readonly string[]).includes(type), {
      key: 'payments:cohorts.problems.organisationType',
      values: { value: cell.organisation_type.slice(0, 60) },
    })
    const language = cell.language.trim().toLowerCase()
    check('language', language !== 'en' && language !== 'es', {
      key: 'payments:cohorts.problems.language',
      values: { value: cell.language.slice(0, 20) },
    })
    if (email.success) {
      const first = firstRowOf.get(email.data)
      if (first !== undefined) problems.push({ key: 'payments:cohorts.problems.duplicate', values: { row: first } })
      else firstRowOf.set(email.data, rowNumber)
    }
    if (problems.length) {
      rowProblems.push({ row: rowNumber, problems })
      return
    }
    rows.push({
      rowNumber,
      email: email.data!,
      displayName: name.data!,
      certificateName: certificateName.data!,
      country,
      organisation: organisation.data!,
      organisationType: type as OrganisationType,
      locale: language as Lang,
    })
  })
  if (rowProblems.length) return { ok: false, fileProblems: [], rowProblems }
  return { ok: true, rows }
}
