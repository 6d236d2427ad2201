import { expect, test } from 'vitest'
import {
  acceptLanguageRegion,
  formatNum,
  formatNumMarkup,
  mathHasNumbers,
  mathInConvention,
  numProblem,
  readerConvention,
} from './numbers.ts'

const NBSP = '\u00A0'

test('formatNum writes a quantity in each convention, keeping the decimals as written', () => {
  expect(formatNum('92.9', '%', 'es', 'point')).toBe(`92.9${NBSP}%`)
  expect(formatNum('92.9', '%', 'es', 'comma')).toBe(`92,9${NBSP}%`)
  expect(formatNum('92.9', '%', 'en', 'point')).toBe('92.9%')
  expect(formatNum('92.90', undefined, 'es', 'comma')).toBe('92,90')
  expect(formatNum('12750000', undefined, 'es', 'point')).toBe('12,750,000')
  expect(formatNum('12750000', undefined, 'es', 'comma')).toBe('12.750.000')
  expect(formatNum('1530', undefined, 'en', 'point')).toBe('1,530')
  expect(formatNum('530', undefined, 'en', 'point')).toBe('530')
  expect(formatNum('27337.25', undefined, 'es', 'comma')).toBe('27.337,25')
  expect(formatNum('0.00012', undefined, 'es', 'comma')).toBe('0,00012')
  expect(formatNum('-12.5', '%', 'en', 'point')).toBe('\u221212.5%')
  // An invalid value is shown as written (courses:check reports it).
  expect(formatNum('1,5', undefined, 'es', 'point')).toBe('1,5')
})

test('numProblem accepts plain decimals and "%" only', () => {
  expect(numProblem({ value: '92.9', unit: '%' })).toBeNull()
  expect(numProblem({ value: '-3' })).toBeNull()
  expect(numProblem({ value: '92,9' })).toMatch(/plain decimal/)
  expect(numProblem({ value: '1,530' })).toMatch(/plain decimal/)
  expect(numProblem({ value: null })).toMatch(/plain decimal/)
  expect(numProblem({ value: '5', unit: 'km' })).toMatch(/only "%"/)
  expect(numProblem({ value: '5', decimals: '2' })).toMatch(/no attribute decimals/)
})

test('formatNumMarkup rewrites <Num /> in quiz text, in either quote style, and leaves everything else', () => {
  const text = `Country B: <Num value='1530' /> victims, <Num value="92.9" unit="%" /> unreported; ICCS 0101, SDG 16.1.1, X85, 2023.`
  expect(formatNumMarkup(text, 'es', 'comma')).toBe(
    `Country B: 1.530 victims, 92,9${NBSP}% unreported; ICCS 0101, SDG 16.1.1, X85, 2023.`,
  )
  expect(formatNumMarkup(text, 'en', 'point')).toBe(
    'Country B: 1,530 victims, 92.9% unreported; ICCS 0101, SDG 16.1.1, X85, 2023.',
  )
  expect(formatNumMarkup('<Num value="9,2" />', 'es', 'point')).toBe('<Num value="9,2" />')
})

test('math numbers follow the convention: decimal and thousands separators, never codes', () => {
  expect(mathInConvention('100\\,\\% - 7{,}072\\,\\% = 92{,}928\\,\\%', 'es', 'point')).toBe(
    '100\\,\\% - 7.072\\,\\% = 92.928\\,\\%',
  )
  expect(mathInConvention('22\\,587 / 100\\,000 = 0.226', 'en', 'comma')).toBe('22.587 / 100.000 = 0{,}226')
  expect(mathInConvention('22\\,587 / 100\\,000 = 0.226', 'en', 'point')).toBe('22{,}587 / 100{,}000 = 0.226')
  expect(mathHasNumbers('\\frac{a}{b} \\times 100', 'en')).toBe(false)
  expect(mathHasNumbers('7{,}5', 'es')).toBe(true)
})

test("the reader's convention: the learner's country, else the browser's region, else the language", () => {
  expect(readerConvention('es', 'MX', 'es-AR')).toBe('point')
  expect(readerConvention('es', 'CO', null)).toBe('comma')
  expect(readerConvention('es', null, 'es-MX,es;q=0.9')).toBe('point')
  expect(readerConvention('es', null, 'es-AR')).toBe('comma')
  expect(readerConvention('es', null, 'en-US,es-AR;q=0.8')).toBe('comma') // the page's language first
  expect(readerConvention('es', null, 'en-US')).toBe('point') // else any region
  expect(readerConvention('es', null, null)).toBe('comma')
  expect(readerConvention('en', null, 'fr')).toBe('point')
  expect(acceptLanguageRegion('es', 'es-419')).toBeNull()
  expect(acceptLanguageRegion('es', 'zh-Hant-TW')).toBe('TW')
  expect(acceptLanguageRegion('es', 'es-MX;q=0, es-CO')).toBe('CO')
  expect(acceptLanguageRegion('es', '*;q=0.5, ,;;')).toBeNull()
})
