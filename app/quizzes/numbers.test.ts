import { expect, test } from 'vitest'
import { conventionFor, parseLearnerNumber } from './numbers.ts'

const read = (input: string, convention: 'point' | 'comma') => parseLearnerNumber(input, convention)?.value ?? null

/** Each input reads as its value whatever the learner's convention. */
function readsAlike(cases: Array<[input: string, value: number]>) {
  for (const convention of ['point', 'comma'] as const)
    for (const [input, value] of cases) expect(read(input, convention), `${input} (${convention})`).toBe(value)
}

test('a single separator followed by 1, 2 or 4+ digits is a decimal separator in both conventions', () => {
  readsAlike([
    ['25.5', 25.5],
    ['25,5', 25.5],
    ['3.14', 3.14],
    ['3,14', 3.14],
    ['1.2345', 1.2345],
    ['1,2345', 1.2345],
  ])
})

test('one separator followed by exactly three digits is ambiguous: the convention decides', () => {
  expect(parseLearnerNumber('1,250', 'point')).toEqual({ value: 1250, normalised: '1250' })
  expect(parseLearnerNumber('1.250', 'point')).toEqual({ value: 1.25, normalised: '1.25' })
  expect(parseLearnerNumber('1.250', 'comma')).toEqual({ value: 1250, normalised: '1250' })
  expect(parseLearnerNumber('1,250', 'comma')).toEqual({ value: 1.25, normalised: '1.25' })
})

test('a three-digit fraction that cannot be a thousands group is a decimal', () => {
  readsAlike([
    ['0,250', 0.25],
    ['0.250', 0.25],
    ['1234,567', 1234.567],
    ['.250', 0.25],
    [',5', 0.5],
  ])
})

test('mixed separators: the last one is the decimal separator', () => {
  for (const convention of ['point', 'comma'] as const) {
    expect(parseLearnerNumber('12.345,5', convention)).toEqual({ value: 12345.5, normalised: '12345.5' })
    expect(parseLearnerNumber('12,345.5', convention)).toEqual({ value: 12345.5, normalised: '12345.5' })
  }
  readsAlike([
    ['1.234.567,89', 1234567.89],
    ['1,234,567.89', 1234567.89],
    ['12 345,5', 12345.5],
    ['12 345.5', 12345.5],
  ])
})

test('several identical separators are thousands separators', () => {
  readsAlike([
    ['1,234,567', 1234567],
    ['1.234.567', 1234567],
    ['2 400 000', 2400000],
  ])
})

test('ordinary, non-breaking, thin and narrow no-break spaces group thousands', () => {
  expect(read('12\u00A0345,5', 'comma')).toBe(12345.5)
  expect(read('12\u2009345,5', 'comma')).toBe(12345.5)
  expect(read('12\u202F345,5', 'comma')).toBe(12345.5)
  expect(read('100\u00A0000', 'point')).toBe(100000)
  expect(read('1 250', 'point')).toBe(1250)
  expect(read('1 250', 'comma')).toBe(1250)
})

test('signs, surrounding spaces and a trailing percent sign', () => {
  expect(parseLearnerNumber('-12,5', 'comma')).toEqual({ value: -12.5, normalised: '-12.5' })
  expect(parseLearnerNumber('+7', 'point')).toEqual({ value: 7, normalised: '7' })
  expect(read('\u22123.5', 'point')).toBe(-3.5)
  expect(read('  42  ', 'point')).toBe(42)
  expect(read('\u00A042\u00A0', 'comma')).toBe(42)
  expect(parseLearnerNumber('13%', 'point')).toEqual({ value: 13, normalised: '13' })
  expect(read('13,0 %', 'comma')).toBe(13)
  expect(read('92,8\u00A0%', 'comma')).toBe(92.8)
  expect(read('-0', 'point')).toBe(0)
  expect(parseLearnerNumber('-0,0', 'comma')?.normalised).toBe('0')
})

test('normalised is the canonical form', () => {
  expect(parseLearnerNumber('0012,50', 'comma')?.normalised).toBe('12.5')
  expect(parseLearnerNumber('18.200', 'comma')?.normalised).toBe('18200')
  expect(parseLearnerNumber('18,200', 'point')?.normalised).toBe('18200')
  expect(parseLearnerNumber('0,05', 'comma')?.normalised).toBe('0.05')
  expect(parseLearnerNumber('100', 'point')?.normalised).toBe('100')
  expect(parseLearnerNumber('1.500,00', 'comma')?.normalised).toBe('1500')
})

test('anything else is refused', () => {
  const bad = [
    '',
    '   ',
    '%',
    '-',
    '+',
    'abc',
    '12a',
    '1e5',
    'twelve',
    '0x10',
    '1,2,3',
    '1.2.3',
    '1,23,456',
    '12,3456,789',
    '1.234,5.6',
    '1,234.5,6',
    '1.234,567.8',
    '1 234.567,8',
    '1..5',
    '1,,5',
    '1.,5',
    '5.',
    '5,',
    '.',
    '1  000',
    '1 00',
    '01,234,567',
    '--5',
    '+-5',
    '5-',
    '5%%',
    '% 5',
    '- 5',
    '1 2,5',
    '1234567890123456789012345678901',
    `1${' '.repeat(30)}`,
  ]
  for (const input of bad) {
    expect(parseLearnerNumber(input, 'point'), JSON.stringify(input)).toBeNull()
    expect(parseLearnerNumber(input, 'comma'), JSON.stringify(input)).toBeNull()
  }
})

test('inputs up to 30 characters are accepted', () => {
  const thirty = '1'.repeat(30)
  expect(thirty).toHaveLength(30)
  expect(read(thirty, 'point')).toBe(Number(thirty))
})

test('conventionFor uses the country, then the language', () => {
  expect(conventionFor('es', 'CO')).toBe('comma')
  expect(conventionFor('es', 'AR')).toBe('comma')
  expect(conventionFor('es', 'ES')).toBe('comma')
  expect(conventionFor('es', 'MX')).toBe('point')
  expect(conventionFor('es', 'mx')).toBe('point')
  expect(conventionFor('en', 'US')).toBe('point')
  expect(conventionFor('en', 'ZA')).toBe('comma')
  expect(conventionFor('en', null)).toBe('point')
  expect(conventionFor('en')).toBe('point')
  expect(conventionFor('es', null)).toBe('comma')
  expect(conventionFor('es', '')).toBe('comma')
  expect(conventionFor('es', 'not a country')).toBe('comma')
  expect(conventionFor('en', '1')).toBe('point')
})
