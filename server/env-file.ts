// The .env file, read strictly: Node's own parser (process.loadEnvFile) skips a line it cannot
// read, or folds it into the next variable's name, so a half-written file would start the server
// with some settings silently missing. Here every line must be one of
//   NAME=value            (optional `export ` in front; `#` starts a comment in an unquoted value)
//   NAME="value"          (also '…' or `…`, on one line; \n in double quotes is a new line)
//   # a comment, or a blank line
// and the first line that is not stops everything with its file and line number, before any
// variable is set.
import { readFileSync } from 'node:fs'

export class EnvFileError extends Error {}

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/
const QUOTES = new Set(['"', "'", '`'])

/** The variables a .env file's text sets; throws an EnvFileError naming the first bad line. */
export function parseEnvFile(text: string, file = '.env'): Map<string, string> {
  const values = new Map<string, string>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((raw, index) => {
    const where = `${file} line ${index + 1}`
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const match = ASSIGNMENT.exec(line)
    if (!match) {
      const name = line
        .split('=')[0]!
        .replace(/^export\s+/, '')
        .trim()
      throw new EnvFileError(
        line.includes('=') && name
          ? `${where}: "${name.slice(0, 40)}" is not a variable name (letters, digits and _, not starting with a digit)`
          : `${where}: expected NAME=value, a # comment or a blank line`,
      )
    }
    const [, name, rest] = match as unknown as [string, string, string]
    const quote = rest[0]
    if (quote && QUOTES.has(quote)) {
      const end = rest.indexOf(quote, 1)
      if (end === -1) {
        throw new EnvFileError(`${where}: ${name}'s value opens a ${quote} quote that is not closed on the same line`)
      }
      if (!/^\s*(#.*)?$/.test(rest.slice(end + 1))) {
        throw new EnvFileError(`${where}: unexpected text after ${name}'s closing ${quote} quote`)
      }
      const inner = rest.slice(1, end)
      values.set(name, quote === '"' ? inner.replaceAll('\\n', '\n') : inner)
    } else {
      values.set(name, rest.split('#')[0]!.trim())
    }
  })
  return values
}

/**
 * Reads a .env file into process.env without overriding what the shell already set. A file that
 * cannot be read or parsed throws an EnvFileError (one line: the file, the line, the problem),
 * and then nothing has been set.
 */
export function loadEnvFile(file: string) {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new EnvFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  for (const [name, value] of parseEnvFile(text, file)) {
    if (process.env[name] === undefined) process.env[name] = value
  }
}

/** What a program does at start: load the file, or print its one-line problem and exit 1. */
export function loadEnvFileOrExit(file: string) {
  try {
    loadEnvFile(file)
  } catch (error) {
    if (!(error instanceof EnvFileError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
