import { expect, test } from 'vitest'
import { formattingLocale, isLang, switchLangPath } from './i18n.ts'

test('switchLangPath swaps only the leading language segment and keeps the query', () => {
  expect(switchLangPath('/es/account', '', 'en')).toBe('/en/account')
  expect(switchLangPath('/en/courses/iccs/01-intro/02-why', '?tab=quiz', 'es')).toBe(
    '/es/courses/iccs/01-intro/02-why?tab=quiz',
  )
  expect(switchLangPath('/es', '', 'en')).toBe('/en')
  expect(switchLangPath('/en/', '', 'es')).toBe('/es/')
  expect(switchLangPath('/es/courses/en', '', 'en')).toBe('/en/courses/en')
  // A path that merely starts with the letters "es" is not a language prefix.
  expect(switchLangPath('/estadisticas', '', 'en')).toBe('/en/estadisticas')
  expect(switchLangPath('/', '', 'es')).toBe('/es/')
})

test('formattingLocale uses language + country when the country is known', () => {
  expect(formattingLocale('es', 'CO')).toBe('es-CO')
  expect(new Intl.NumberFormat(formattingLocale('es', 'CO')).format(12345.5)).toBe('12.345,5')
  expect(formattingLocale('es', 'MX')).toBe('es-MX')
  expect(new Intl.NumberFormat(formattingLocale('es', 'MX')).format(12345.5)).toBe('12,345.5')
  expect(new Intl.NumberFormat(formattingLocale('en', 'GB')).format(12345.5)).toBe('12,345.5')
})

test('formattingLocale falls back to the page language without a usable country', () => {
  expect(formattingLocale('es', null)).toBe('es')
  expect(formattingLocale('en', undefined)).toBe('en')
  expect(formattingLocale('es', 'co')).toBe('es')
  expect(formattingLocale('es', 'Colombia')).toBe('es')
  expect(formattingLocale('es', '<script>')).toBe('es')
})

test('isLang accepts only en and es', () => {
  expect(isLang('en')).toBe(true)
  expect(isLang('es')).toBe(true)
  for (const value of ['EN', 'fr', '', 'es-CO', undefined, null, ['es']])
    expect(isLang(value), String(value)).toBe(false)
})
