// One i18next instance per language, built once: the language of a page is fixed by its URL,
// so concurrent requests never change an instance's language.
import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { resources } from '#app/locales/index.ts'
import { NAMESPACES, type Lang, LANGS } from './i18n.ts'

const instances = new Map<Lang, i18n>()

export function i18nInstance(lang: Lang): i18n {
  let instance = instances.get(lang)
  if (!instance) {
    instance = i18next.createInstance()
    void instance.use(initReactI18next).init({
      lng: lang,
      fallbackLng: false,
      supportedLngs: [...LANGS],
      resources,
      ns: [...NAMESPACES],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
      initImmediate: false,
    })
    keepPlainTranslations(instance)
    instances.set(lang, instance)
  }
  return instance
}

/** Option keys a component's `t` always passes (react-i18next's fixed `t`): nothing that changes the text. */
const FIXED_T_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix'])
/** At most this many kept texts per instance (keys come from the code and the country list: a few thousand). */
const MAX_KEPT = 20_000

/**
 * A text asked for without interpolation, count or context is the same on every page: the resources
 * are fixed for the process and so is the instance's language. i18next resolved it anew on every
 * call (about 6 % of a signed-in lesson page's CPU time, ADR 027 §11); it is kept, per language,
 * namespace, prefix and key, the first time it is resolved. Any other call goes to i18next as before.
 */
function keepPlainTranslations(instance: i18n) {
  const kept = new Map<string, unknown>()
  const translate = instance.t.bind(instance) as (key: unknown, options?: Record<string, unknown>) => unknown
  instance.t = ((key: unknown, options?: Record<string, unknown>) => {
    if (typeof key !== 'string' || (options && Object.keys(options).some((name) => !FIXED_T_OPTIONS.has(name))))
      return translate(key, options)
    const ns = options?.ns
    const lngs = options?.lngs
    const id = [
      options?.lng ?? '',
      Array.isArray(lngs) ? lngs.join(',') : (lngs ?? ''),
      Array.isArray(ns) ? ns.join(',') : (ns ?? ''),
      options?.keyPrefix ?? '',
      key,
    ].join('\u0000')
    if (kept.has(id)) return kept.get(id)
    const text = translate(key, options)
    if (kept.size < MAX_KEPT) kept.set(id, text)
    return text
  }) as i18n['t']
}
