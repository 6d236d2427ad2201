import { type Lang } from '#app/utils/i18n.ts'
// Reading numbers the way learners write them. Pure and dependency-free: the quiz form uses it in
// the browser to show how an answer will be read, and the server uses it to grade.
//
// Two conventions:
//   'point'  decimal point, comma thousands           (en, es-MX):               12,345.5
//   'comma'  decimal comma, point or space thousands  (es-CO, es-AR, es-ES, …):  12.345,5  12 345,5
//
// Rules, in order:
//   - At most 30 characters; surrounding spaces are ignored; a leading + or - (or the typographic
//     minus U+2212) is allowed; a trailing "%" (optionally after a space) is ignored and the value
//     is as written ("13 %" is 13).
//   - The number itself is digits and single separators: ".", ",", or a space (ordinary,
//     non-breaking U+00A0, thin U+2009, narrow non-breaking U+202F). A space is only ever a
//     thousands separator. Anything else (letters, exponents, two separators in a row, a trailing
//     separator) is refused.
//   - Mixed separators: the last one is the decimal separator and must appear once; the others are
//     thousands separators ("12.345,5" and "12,345.5" are both 12345.5).
//   - Several identical "." or "," separators are thousands separators ("1.234.567").
//   - A single "." or "," is a decimal separator when it is followed by 1, 2 or 4+ digits, when
//     nothing comes before it (".5"), when the part before it does not look like a thousands group
//     (more than 3 digits, or a leading 0) or when spaces already act as thousands separators.
//     Followed by exactly 3 digits it is ambiguous and the convention decides: under 'point'
//     "1,250" is 1250 and "1.250" is 1.25; under 'comma' "1.250" is 1250 and "1,250" is 1.25.
//   - Thousands grouping must be right: 1–3 digits (no leading zero) then groups of exactly 3.
// `normalised` is the value written canonically: optional "-", no grouping, "." as decimal
// separator, no leading or trailing zeros ("1250", "25.5", "0.5", "-3").

export type NumberConvention = 'point' | 'comma'
export type ParsedNumber = { value: number; normalised: string }

export const MAX_NUMBER_LENGTH = 30

const SPACES = new Set([' ', '\u00A0', '\u2009', '\u202F'])
const MINUS = new Set(['-', '\u2212'])

type Separator = '.' | ',' | ' '

export function parseLearnerNumber(input: string, convention: NumberConvention): ParsedNumber | null {
  if (typeof input !== 'string' || input.length > MAX_NUMBER_LENGTH) return null
  let text = input.trim()
  if (text.endsWith('%')) text = text.slice(0, -1).trimEnd()
  if (!text) return null

  let negative = false
  const first = text[0]!
  if (first === '+' || MINUS.has(first)) {
    negative = MINUS.has(first)
    text = text.slice(1)
  }
  if (!text) return null

  // Split into digit groups and the single separators between them.
  const groups: string[] = ['']
  const seps: Separator[] = []
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') {
      groups[groups.length - 1] += ch
    } else if (ch === '.' || ch === ',' || SPACES.has(ch)) {
      const sep: Separator = SPACES.has(ch) ? ' ' : (ch as '.' | ',')
      // Two separators in a row, or a separator at the end.
      if (groups[groups.length - 1] === '' && (seps.length > 0 || sep === ' ')) return null
      seps.push(sep)
      groups.push('')
    } else {
      return null
    }
  }
  if (groups[groups.length - 1] === '') return null

  let integerGroups: string[]
  let fraction = ''
  const kinds = new Set(seps)
  const last = seps[seps.length - 1]

  if (seps.length === 0) {
    integerGroups = groups
  } else if (kinds.size > 2) {
    return null
  } else if (kinds.size === 2) {
    // Mixed: the last separator is the decimal one, used once, and never a space.
    if (last === ' ' || seps.filter((s) => s === last).length !== 1) return null
    integerGroups = groups.slice(0, -1)
    fraction = groups[groups.length - 1]!
  } else if (last === ' ' || seps.length > 1) {
    // Only spaces, or several identical separators: thousands.
    integerGroups = groups
  } else {
    // Exactly one "." or ",".
    const [before, after] = groups as [string, string]
    const couldBeThousands = after.length === 3 && before.length >= 1 && before.length <= 3 && !before.startsWith('0')
    const thousandsSeparator = convention === 'point' ? ',' : '.'
    if (couldBeThousands && last === thousandsSeparator) {
      integerGroups = groups
    } else {
      integerGroups = [before]
      fraction = after
    }
  }

  // Grouping: the first group 1–3 digits without a leading zero, every other group exactly 3.
  if (integerGroups.length > 1) {
    const [head, ...rest] = integerGroups as [string, ...string[]]
    if (head.length < 1 || head.length > 3 || head.startsWith('0')) return null
    if (rest.some((g) => g.length !== 3)) return null
  } else if (integerGroups[0] === '' && fraction === '') {
    return null
  }

  const integer = integerGroups.join('').replace(/^0+(?=\d)/, '') || '0'
  const decimals = fraction.replace(/0+$/, '')
  const magnitude = decimals ? `${integer}.${decimals}` : integer
  const isZero = /^0(?:\.0*)?$/.test(magnitude)
  const normalised = negative && !isZero ? `-${magnitude}` : magnitude
  const value = Number(normalised)
  if (!Number.isFinite(value)) return null
  return { value, normalised }
}

// Building an Intl.NumberFormat costs about as much as the rest of a page's loader: one answer per
// language and country, kept for the life of the process (at most 2 × 26² entries).
const conventions = new Map<string, NumberConvention>()

/**
 * The convention a learner most likely writes numbers in: from their country when it is known
 * (the decimal separator Intl uses for `${lang}-${country}`), otherwise from the language
 * (en → point, es → comma).
 */
export function conventionFor(lang: Lang, country?: string | null): NumberConvention {
  const fallback: NumberConvention = lang === 'es' ? 'comma' : 'point'
  if (!country || !/^[A-Za-z]{2}$/.test(country)) return fallback
  const key = `${lang}-${country.toUpperCase()}`
  let convention = conventions.get(key)
  if (!convention) {
    convention = lookUpConvention(lang, country, fallback)
    conventions.set(key, convention)
  }
  return convention
}

function lookUpConvention(lang: Lang, country: string, fallback: NumberConvention): NumberConvention {
  try {
    const decimal = new Intl.NumberFormat(`${lang}-${country.toUpperCase()}`)
      .formatToParts(1.5)
      .find((part) => part.type === 'decimal')?.value
    if (decimal === '.') return 'point'
    if (decimal === ',') return 'comma'
    return fallback
  } catch {
    return fallback
  }
}
