// CSV exports that spreadsheet programs open correctly: UTF-8 with a byte-order mark (so Excel
// reads accents), CRLF line ends, RFC 4180 quoting, and formula injection neutralised.
//
// Two separators are offered (ADR 025): the comma of RFC 4180, and the semicolon that Excel
// set up for Spanish (and most locales that write 1,5) expects, so the file opens in columns.
// A spreadsheet may split a cell on any separator it knows (a comma, a semicolon, a tab, a
// pipe), whatever the file was written with, so formula neutralisation looks at the start of
// the cell and at the start of every piece after such a separator: `a;=1+1` is written
// `a;'=1+1`, never a cell that runs. A cell that holds any separator is also quoted.
export const MAX_CSV_ROWS = 100_000

export type CsvCell = string | number | null | undefined

/** The separators a file may use: "comma" (RFC 4180) or "semicolon" (Excel in Spanish). */
export const CSV_SEPARATORS = { comma: ',', semicolon: ';' } as const
export type CsvSeparator = keyof typeof CSV_SEPARATORS

/** Characters a spreadsheet may split a line on, whichever the file uses. */
const SPLIT = ',;\\t|\\r\\n'
/** A formula starts a piece: after a separator or at the cell's start, past any spaces. */
const FORMULA_AFTER_SEPARATOR = new RegExp(`([${SPLIT}])([ \\u00A0]*)(?=[=+\\-@\\t\\r])`, 'g')
const FORMULA_AT_START = /^([ \u00A0]*)(?=[=+\-@\t\r])/
const NEEDS_QUOTES = new RegExp(`["${SPLIT}]`)

/** A text cell with an apostrophe before every piece a spreadsheet could run as a formula. */
export function neutraliseFormulas(text: string): string {
  // Pieces after a separator first: a cell that starts with a tab then gets its own apostrophe.
  return text
    .replace(FORMULA_AFTER_SEPARATOR, (_match, separator: string, spaces: string) => `${separator}${spaces}'`)
    .replace(FORMULA_AT_START, (_match, spaces: string) => `${spaces}'`)
}

/**
 * One cell. Numbers are written as numbers (a negative count is still a number, not a formula),
 * with `decimal` as the decimal separator: the semicolon variant writes 1,5, which Excel set up
 * for Spanish reads as a number (1.5 would be text, or a date).
 */
export function csvCell(value: CsvCell, decimal: '.' | ',' = '.'): string {
  if (value === null || value === undefined) return ''
  const text =
    typeof value === 'number'
      ? decimal === ','
        ? String(value).replace('.', ',')
        : String(value)
      : neutraliseFormulas(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(headers: string[], rows: CsvCell[][], separator: CsvSeparator = 'comma'): string {
  const sep = CSV_SEPARATORS[separator]
  const decimal = separator === 'semicolon' ? ',' : '.'
  return `\uFEFF${[headers, ...rows].map((row) => row.map((cell) => csvCell(cell, decimal)).join(sep)).join('\r\n')}\r\n`
}

/** The separator an export link asks for: `?sep=semicolon`, else the comma. */
export function csvSeparatorOf(url: URL): CsvSeparator {
  return url.searchParams.get('sep') === 'semicolon' ? 'semicolon' : 'comma'
}

/**
 * A download response: the file name is ASCII (slug and date), so no encoding is needed; the
 * semicolon variant says so in its name.
 */
export function csvResponse(filename: string, body: string, separator: CsvSeparator = 'comma'): Response {
  const name = separator === 'semicolon' ? filename.replace(/\.csv$/, '-excel.csv') : filename
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

/**
 * The separator of an uploaded file, read from its first line (outside quotes): the semicolon
 * or the tab when there are more of them than commas, else the comma.
 */
export function detectCsvSeparator(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';'
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t'
  return ','
}
