// Every user-facing string exists in both languages (DESIGN.md): the same keys in every
// namespace, no empty strings, the same {{placeholders}}, and every "ns:key" used in the code.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { LANGS } from '#app/utils/i18n.ts'
import { ORGANISATION_TYPES, ROLES } from '#app/utils/validation.ts'

const LOCALES = path.dirname(fileURLToPath(import.meta.url))
const APP = path.resolve(LOCALES, '..')

// i18next plural forms ("sessions_one", "sessions_other"; Spanish may add "_many").
const PLURAL = /_(zero|one|two|few|many|other)$/

type Tree = { [key: string]: unknown }

function load(lang: string): Record<string, Tree> {
  const dir = path.join(LOCALES, lang)
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree]),
  )
}

/** "a.b.c" -> value, for every leaf. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key
    if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of flatten(value as Tree, full)) out.set(k, v)
    else out.set(full, value)
  }
  return out
}

/** Problems between two languages' trees of one namespace (empty when they agree). */
function compare(ns: string, en: Tree, es: Tree): string[] {
  const problems: string[] = []
  const flat = { en: flatten(en), es: flatten(es) }
  const base = (key: string) => key.replace(PLURAL, '')
  const bases = { en: new Set([...flat.en.keys()].map(base)), es: new Set([...flat.es.keys()].map(base)) }
  for (const [lang, other] of [LANGS, ['es', 'en']] as const) {
    for (const key of bases[lang])
      if (!bases[other].has(key)) problems.push(`${ns}:${key} is in ${lang} but not in ${other}`)
    for (const [key, value] of flat[lang]) {
      if (typeof value !== 'string') problems.push(`${lang} ${ns}:${key} is not a string`)
      else if (value.trim() === '') problems.push(`${lang} ${ns}:${key} is empty`)
    }
    for (const key of flat[lang].keys()) {
      if (!PLURAL.test(key)) continue
      for (const form of ['one', 'other']) {
        if (!flat[lang].has(`${base(key)}_${form}`)) problems.push(`${lang} ${ns}:${base(key)} lacks the _${form} form`)
      }
    }
  }
  // The same placeholders in both languages ({{name}} must not be lost in translation).
  const placeholders = (value: unknown) => [...String(value).matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort()
  for (const [key, value] of flat.en) {
    if (flat.es.has(key) && JSON.stringify(placeholders(value)) !== JSON.stringify(placeholders(flat.es.get(key)))) {
      problems.push(`${ns}:${key} has different {{placeholders}} in en and es`)
    }
  }
  return [...new Set(problems)]
}

const resources = { en: load('en'), es: load('es') }

/** Does "ns:a.b" resolve to a string (or to plural forms) in `lang`? */
function exists(lang: (typeof LANGS)[number], key: string): boolean {
  const [ns, rest] = key.split(':') as [string, string]
  const tree = resources[lang][ns]
  if (!tree) return false
  const flat = flatten(tree)
  return typeof flat.get(rest) === 'string' || (flat.has(`${rest}_one`) && flat.has(`${rest}_other`))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full)
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : []
  })
}

test('the comparison itself reports missing keys, empty strings and lost placeholders', () => {
  expect(compare('x', { a: { b: 'B', c: 'C' } }, { a: { b: 'B' } })).toEqual(['x:a.c is in en but not in es'])
  expect(compare('x', { a: 'A' }, { a: 'A', extra: 'E' })).toEqual(['x:extra is in es but not in en'])
  expect(compare('x', { a: '' }, { a: 'A' })).toEqual(['en x:a is empty'])
  expect(compare('x', { n_one: '1', n_other: 'n' }, { n_one: '1', n_many: 'm', n_other: 'n' })).toEqual([])
  expect(compare('x', { n_one: '1', n_other: 'n' }, { n_other: 'n' })).toEqual(['es x:n lacks the _one form'])
  expect(compare('x', { a: 'Hello {{name}}' }, { a: 'Hola' })).toEqual([
    'x:a has different {{placeholders}} in en and es',
  ])
})

test('en and es have the same namespace files', () => {
  expect(Object.keys(resources.es).sort()).toEqual(Object.keys(resources.en).sort())
  expect(Object.keys(resources.en).length).toBeGreaterThan(0)
})

test('every namespace has the same keys in en and es, with no empty strings and the same placeholders', () => {
  const problems = Object.keys(resources.en).flatMap((ns) => compare(ns, resources.en[ns]!, resources.es[ns] ?? {}))
  expect(problems).toEqual([])
})

test('every "namespace:key" written in the code exists in both languages', () => {
  const namespaces = Object.keys(resources.en).join('|')
  const literal = new RegExp(`(['"\`])((?:${namespaces}):[A-Za-z0-9_.-]+)\\1`, 'g')
  const used = new Map<string, string>()
  for (const file of sourceFiles(APP)) {
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) used.set(match[2]!, path.relative(APP, file))
  }
  // The scan must find the keys the foundation is known to use, or it is not scanning at all.
  expect(used.has('validation:required')).toBe(true)
  expect(used.has('auth:login.invalid')).toBe(true)
  expect(used.size).toBeGreaterThan(30)
  const missing = [...used].flatMap(([key, file]) =>
    LANGS.filter((lang) => !exists(lang, key)).map((lang) => `${key} (${file}) missing in ${lang}`),
  )
  expect(missing).toEqual([])
})

test('keys built at run time from fixed lists exist in both languages', () => {
  const keys = [
    ...ORGANISATION_TYPES.map((type) => `common:organisationTypes.${type}`),
    ...ROLES.map((role) => `admin:roles.${role}`),
    ...['400', '403', '404', '405', '413', '415', '429', '500'].flatMap((status) => [
      `common:errors.${status}.title`,
      `common:errors.${status}.body`,
    ]),
    'common:errors.429.retry',
    ...['draft', 'published'].map((status) => `common:teach.statuses.${status}`),
  ]
  const missing = keys.flatMap((key) =>
    LANGS.filter((lang) => !exists(lang, key)).map((lang) => `${key} missing in ${lang}`),
  )
  expect(missing).toEqual([])
})
