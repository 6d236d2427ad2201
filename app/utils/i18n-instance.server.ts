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
    instances.set(lang, instance)
  }
  return instance
}
