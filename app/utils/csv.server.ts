// CSV exports that spreadsheet programs open correctly: UTF-8 with a byte-order mark (so Excel
// reads accents), CRLF line ends, RFC 4180 quoting, and formula injection neutralised: a text
// cell that begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so
// "=HYPERLINK(...)" typed into an organisation name is shown as text, never run.
export const MAX_CSV_ROWS = 100_000

export type CsvCell = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  // Numbers are written as numbers (a negative count is still a number, not a formula).
  let text = typeof value === 'number' ? String(value) : value
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(headers: string[], rows: CsvCell[][]): string {
  return `\uFEFF${[headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/** A download response: the file name is ASCII (slug and date), so no encoding is needed. */
export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
