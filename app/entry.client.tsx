import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { NAMESPACES } from './utils/i18n.ts'

// The page language's strings come from the cached script the root document names
// (/i18n/{lang}-{audience}.{hash}.js, ADR 004), which runs before this module.
declare global {
  interface Window {
    __i18n?: { lang: 'en' | 'es'; resources: Record<string, Record<string, unknown>> }
  }
}

// Without it (the script failed to load) the server-rendered page still works; only text the
// browser renders itself would show its keys.
const { lang, resources } = window.__i18n ?? { lang: document.documentElement.lang === 'es' ? 'es' : 'en', resources: {} }
void i18next.use(initReactI18next).init({
  lng: lang,
  fallbackLng: false,
  resources: { [lang]: resources },
  ns: [...NAMESPACES],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
  initImmediate: false,
})

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18next}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  )
})
