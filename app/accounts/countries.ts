// Countries and areas: ISO 3166-1 alpha-2 codes (stored), named as the United Nations name them in
// its statistics (the M49 short names, English and Spanish; app/accounts/m49-names.ts, ADR 024),
// not as CLDR does ("Congo - Brazzaville", "Antigua & Barbuda"): the audience reports to the UN.
import { M49_NAMES } from './m49-names.ts'

export type CountryCode = keyof typeof M49_NAMES
export const COUNTRY_CODES = Object.keys(M49_NAMES).sort() as [CountryCode, ...CountryCode[]]

export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === 'string' && Object.hasOwn(M49_NAMES, value)
}

/** The UN's name of a country or area in `lang` (Spanish for 'es', else English); the code if unknown. */
export function countryName(code: string, lang: string): string {
  if (!isCountryCode(code)) return code
  const [, en, es] = M49_NAMES[code]
  return lang === 'es' ? es : en
}

/** Countries sorted by their name in `lang` (accents sorted the way that language does). */
const optionsByLang = new Map<string, Array<{ code: CountryCode; name: string }>>()

export function countryOptions(lang: string): Array<{ code: CountryCode; name: string }> {
  // The same for every request in a language: built once (the people filters ask on every page).
  const cached = optionsByLang.get(lang)
  if (cached) return cached
  const collator = new Intl.Collator(lang)
  const options = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, lang) })).sort((a, b) =>
    collator.compare(a.name, b.name),
  )
  optionsByLang.set(lang, options)
  return options
}
