// A half-written .env stops the program with one line naming the file and the line, and sets
// nothing; a well-formed one is read the way dotenv files usually are.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { EnvFileError, loadEnvFile, parseEnvFile } from './env-file.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-env-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('well-formed lines: quotes, comments, export, spaces, empty values', () => {
  const text = [
    '# a comment',
    '',
    'A=1',
    'export B=two words',
    'C = spaced ',
    'D="quoted # not a comment"   # a comment',
    "E='single \\n stays'",
    'F="new\\nline"',
    'G=',
    'H=abc # trailing comment',
    'I=`backticks`',
    'A=last wins',
  ].join('\r\n')
  expect(Object.fromEntries(parseEnvFile(text))).toEqual({
    A: 'last wins',
    B: 'two words',
    C: 'spaced',
    D: 'quoted # not a comment',
    E: 'single \\n stays',
    F: 'new\nline',
    G: '',
    H: 'abc',
    I: 'backticks',
  })
})

test.each([
  ['a line that is not an assignment', 'A=1\nthis line is garbage\nB=2', 2, /expected NAME=value/],
  [
    'an unterminated double quote',
    'A=1\nB=2\nSESSION_SECRET="abc\nC=3',
    3,
    /SESSION_SECRET's value opens a " quote that is not closed/,
  ],
  ['an unterminated single quote', "A='abc", 1, /A's value opens a ' quote/],
  ['text after the closing quote', 'A="abc"def', 1, /unexpected text after A's closing " quote/],
  ['a bad variable name', 'A=1\n\n1BAD=2', 3, /"1BAD" is not a variable name/],
  ['a name with a space', 'MY VAR=2', 1, /"MY VAR" is not a variable name/],
  ['an assignment with no name', '=value', 1, /expected NAME=value/],
])('%s is refused with its line number', (_name, text, line, message) => {
  expect(() => parseEnvFile(text, '/srv/aula/.env')).toThrow(EnvFileError)
  expect(() => parseEnvFile(text, '/srv/aula/.env')).toThrow(new RegExp(`^/srv/aula/\\.env line ${line}: `))
  expect(() => parseEnvFile(text, '/srv/aula/.env')).toThrow(message)
})

test('a bad file sets nothing, not even the good lines before the bad one', () => {
  const file = path.join(dir, 'half.env')
  writeFileSync(file, 'AULA_ENV_FILE_TEST_A=1\nAULA_ENV_FILE_TEST_B="unterminated\n')
  expect(() => loadEnvFile(file)).toThrow(`${file} line 2: `)
  expect(process.env.AULA_ENV_FILE_TEST_A).toBeUndefined()
  // A good file is loaded, without overriding what is already set.
  writeFileSync(file, 'AULA_ENV_FILE_TEST_A=from-file\nAULA_ENV_FILE_TEST_C=from-file\n')
  process.env.AULA_ENV_FILE_TEST_C = 'from-shell'
  try {
    loadEnvFile(file)
    expect(process.env.AULA_ENV_FILE_TEST_A).toBe('from-file')
    expect(process.env.AULA_ENV_FILE_TEST_C).toBe('from-shell')
  } finally {
    delete process.env.AULA_ENV_FILE_TEST_A
    delete process.env.AULA_ENV_FILE_TEST_C
  }
})

test('at start-up, a half-written .env prints one line naming the file and line, and exits 1', () => {
  const start = (file: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const m = await import('./server/env-file.ts'); m.loadEnvFileOrExit(process.argv[1]); console.log('started')",
        file,
      ],
      { encoding: 'utf8', env: { NODE_ENV: 'test', PATH: process.env.PATH }, timeout: 60_000 },
    )
  const bad = path.join(dir, 'bad.env')
  writeFileSync(
    bad,
    'DATABASE_URL=postgresql://localhost/aula\nSESSION_SECRET="half-writ\nAPP_URL=https://aula.example.org\n',
  )
  const refused = start(bad)
  expect(refused.status).toBe(1)
  expect(refused.stdout).not.toContain('started')
  expect(refused.stderr.trim().split('\n')).toEqual([
    `${bad} line 2: SESSION_SECRET's value opens a " quote that is not closed on the same line`,
  ])
  // The value itself (a secret, maybe) is never printed.
  expect(refused.stderr).not.toContain('half-writ')

  const missing = start(path.join(dir, 'absent.env'))
  expect(missing.status).toBe(1)
  expect(missing.stderr.trim()).toMatch(/absent\.env: cannot be read \(ENOENT\)$/)

  const good = path.join(dir, 'good.env')
  writeFileSync(good, 'APP_URL=https://aula.example.org\n')
  const started = start(good)
  expect(started.stderr).toBe('')
  expect(started.status).toBe(0)
  expect(started.stdout).toContain('started')
}, 120_000)
