// The server's i18next instances keep a text asked for without options (ADR 027 §11); anything with
// interpolation, a count or a default goes to i18next every time.
import i18next from 'i18next'
import { expect, test, vi } from 'vitest'
import { resources } from '#app/locales/index.ts'
import { i18nInstance } from './i18n-instance.server.ts'
import { NAMESPACES } from './i18n.ts'

/** i18next's resolver of an instance (not in its types): every text not kept goes through it. */
const translatorOf = (instance: object) =>
  (instance as { translator: { translate: (...args: unknown[]) => unknown } }).translator

/** A plain i18next instance with the same resources, for the answers the kept ones must equal. */
function fresh(lang: 'en' | 'es') {
  const instance = i18next.createInstance()
  void instance.init({
    lng: lang,
    fallbackLng: false,
    resources,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initImmediate: false,
  })
  return instance
}

test('a component t() without options resolves a key once per language; the answers are i18next’s', () => {
  for (const lang of ['en', 'es'] as const) {
    const instance = i18nInstance(lang)
    const reference = fresh(lang).getFixedT(lang, 'lesson')
    const t = instance.getFixedT(lang, 'lesson')
    const translate = vi.spyOn(translatorOf(instance), 'translate')
    const first = t('readingTime_other')
    expect(first).toBe(reference('readingTime_other'))
    expect(t('readingTime_other')).toBe(first)
    expect(translate).toHaveBeenCalledTimes(1)
    // Another namespace's key of the same name is its own text.
    expect(instance.getFixedT(lang, 'common')('readingTime_other')).toBe(
      fresh(lang).getFixedT(lang, 'common')('readingTime_other'),
    )
    translate.mockRestore()
  }
})

test('interpolation, counts and defaults are resolved on every call, with their values', () => {
  const instance = i18nInstance('es')
  const t = instance.getFixedT('es', 'lesson')
  const reference = fresh('es').getFixedT('es', 'lesson')
  const translate = vi.spyOn(translatorOf(instance), 'translate')
  expect(t('readingTime', { count: 1 })).toBe(reference('readingTime', { count: 1 }))
  expect(t('readingTime', { count: 7 })).toBe(reference('readingTime', { count: 7 }))
  expect(t('readingTime', { count: 7 })).toContain('7')
  expect(t('no-such-key', { defaultValue: 'uno' })).toBe('uno')
  expect(t('no-such-key', { defaultValue: 'dos' })).toBe('dos')
  expect(translate).toHaveBeenCalledTimes(5)
})
