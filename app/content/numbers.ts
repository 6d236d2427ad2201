// Quantities in lessons and quizzes, shown in the reader's convention (ADR 030, docs/course-format.md).
// Authors write a quantity once, <Num value="92.9" unit="%" />, and each reader sees it the way their
// country writes numbers: 92.9 % in Mexico, 92,9 % in Colombia. Pure and dependency-free.
//
// Formatting rules:
//   - The value is written as a plain decimal: an optional "-", digits, an optional "." and digits
//     ("92.9", "12750000", "0.00012", "-3.5"). Its decimals are kept exactly as written ("92.90"
//     shows two decimals); nothing is rounded, so the value is never parsed as a float.
//   - 'point': decimal point, comma thousands (12,750,000 · 92.9); 'comma': decimal comma, point
//     thousands (12.750.000 · 92,9). Integer parts of 4 digits or more are grouped (as es-MX, es-CO,
//     es-AR and en-US write them).
//   - A negative value gets the typographic minus (U+2212).
//   - unit "%": in Spanish after a no-break space (U+00A0: "92,9 %", the RAE and the brief), in
//     English right after the number ("92.9%"). No other unit: write units as words after the markup.
import { conventionFor, type NumberConvention } from '#app/quizzes/numbers.ts'
import { type Lang } from '#app/utils/i18n.ts'

export type { NumberConvention }

export const NUM_UNITS = ['%'] as const
export type NumUnit = (typeof NUM_UNITS)[number]

/** Every convention a lesson may be rendered in; the first is never the language default of both. */
export const CONVENTIONS: readonly NumberConvention[] = ['point', 'comma']

/** The convention of a language when nothing else is known (as conventionFor without a country). */
export function defaultConvention(lang: Lang): NumberConvention {
  return lang === 'es' ? 'comma' : 'point'
}

const VALUE = /^(-?)(\d+)(?:\.(\d+))?$/

/** Whether a Num value is written right: "92.9", "1530", "-0.5" (no grouping, "." for decimals). */
export function isNumValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 30 && VALUE.test(value)
}

export function isNumUnit(unit: unknown): unit is NumUnit {
  return typeof unit === 'string' && (NUM_UNITS as readonly string[]).includes(unit)
}

/** The quantity as the reader writes it. An invalid value comes back as written (courses:check reports it). */
export function formatNum(value: string, unit: string | undefined, lang: Lang, convention: NumberConvention): string {
  const match = VALUE.exec(value)
  if (!match) return value + (unit ?? '')
  const [, minus, integer, fraction] = match as unknown as [string, string, string, string | undefined]
  const [group, decimal] = convention === 'point' ? [',', '.'] : ['.', ',']
  const grouped = integer.length >= 4 ? integer.replace(/\B(?=(\d{3})+$)/g, group) : integer
  const number = `${minus ? '\u2212' : ''}${grouped}${fraction !== undefined ? decimal + fraction : ''}`
  if (unit === '%') return lang === 'es' ? `${number}\u00A0%` : `${number}%`
  return number
}

// <Num value="…" unit="…" /> in quiz text (YAML): the same markup as in lessons, replaced by its
// text when the quiz is shown. Attributes in double or single quotes, in any order.
const NUM_TAG = /<Num((?:\s+[a-z]+=(?:"[^"]*"|'[^']*'))*)\s*\/>/g
const ATTRIBUTE = /([a-z]+)=(?:"([^"]*)"|'([^']*)')/g

export type NumMarkup = { index: number; length: number; attributes: Record<string, string> }

/** Every <Num … /> tag in a plain text (a quiz prompt, option, unit or explanation). */
export function numTags(text: string): NumMarkup[] {
  const found: NumMarkup[] = []
  for (const m of text.matchAll(NUM_TAG)) {
    const attributes: Record<string, string> = {}
    for (const a of m[1]!.matchAll(ATTRIBUTE)) attributes[a[1]!] = a[2] ?? a[3] ?? ''
    found.push({ index: m.index, length: m[0].length, attributes })
  }
  return found
}

/** What is wrong with a Num's attributes, or null. One rule for lessons (compile) and quizzes (check). */
export function numProblem(attributes: Record<string, unknown>): string | null {
  const extra = Object.keys(attributes).filter((k) => k !== 'value' && k !== 'unit')
  if (extra.length) return `Num has no attribute ${extra.join(', ')} (only value and unit)`
  if (!isNumValue(attributes.value))
    return `Num value "${String(attributes.value ?? '')}" must be a plain decimal like "92.9" or "1530" (no grouping, "." for decimals)`
  if (attributes.unit !== undefined && !isNumUnit(attributes.unit))
    return `Num unit "${String(attributes.unit)}" is not supported (only "%"; write other units as words after it)`
  return null
}

/** A quiz text with every valid <Num … /> written in the reader's convention. */
export function formatNumMarkup(text: string, lang: Lang, convention: NumberConvention): string {
  if (!text.includes('<Num')) return text
  return text.replace(NUM_TAG, (tag, attrs: string) => {
    const attributes: Record<string, string> = {}
    for (const a of attrs.matchAll(ATTRIBUTE)) attributes[a[1]!] = a[2] ?? a[3] ?? ''
    if (numProblem(attributes)) return tag
    return formatNum(attributes.value!, attributes.unit, lang, convention)
  })
}

// Math ($…$, $$…$$) has no markup: its numbers follow the format guide (thousands "\,", decimal "."
// in English and "{,}" in Spanish) and are rewritten to the reader's convention at compile time.
const MATH_DECIMAL = { en: /(\d)\.(?=\d)/g, es: /(\d)\{,\}(?=\d)/g } as const
const MATH_THOUSANDS = /(\d)\\,(?=\d{3}(?!\d))/g

/** Whether a formula holds a number whose writing depends on the convention. */
export function mathHasNumbers(tex: string, lang: Lang): boolean {
  return new RegExp(MATH_DECIMAL[lang].source).test(tex) || new RegExp(MATH_THOUSANDS.source).test(tex)
}

/** The formula with its decimal and thousands separators in the reader's convention. */
export function mathInConvention(tex: string, lang: Lang, convention: NumberConvention): string {
  const [group, decimal] = convention === 'point' ? ['{,}', '.'] : ['.', '{,}']
  return tex.replace(MATH_DECIMAL[lang], `$1${decimal}`).replace(MATH_THOUSANDS, `$1${group}`)
}

/**
 * The convention a page is read in: the signed-in learner's country (conventionFor), else the
 * browser's region from Accept-Language (a tag in the page's language first, then any tag with a
 * region: "es-MX" → point, "es-AR" → comma), else the language default.
 */
export function readerConvention(
  lang: Lang,
  country: string | null | undefined,
  acceptLanguage: string | null | undefined,
): NumberConvention {
  if (country) return conventionFor(lang, country)
  const region = acceptLanguageRegion(lang, acceptLanguage)
  return region ? conventionFor(lang, region) : defaultConvention(lang)
}

/** The region of the browser's preferred language tags, preferring the page's language; null without one. */
export function acceptLanguageRegion(lang: Lang, header: string | null | undefined): string | null {
  if (!header) return null
  let any: string | null = null
  for (const entry of header.slice(0, 500).split(',')) {
    const [tag = '', ...params] = entry.trim().split(';')
    if (params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p))) continue
    const m = /^([a-z]{2,3})-(?:[a-z]{4}-)?([a-z]{2})\b/i.exec(tag.trim())
    if (!m) continue
    if (m[1]!.toLowerCase() === lang) return m[2]!.toUpperCase()
    any ??= m[2]!.toUpperCase()
  }
  return any
}
