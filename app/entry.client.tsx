import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { NAMESPACES } from './utils/i18n.ts'

// The root document inlines the page language's strings (window.__i18n): no extra request.
declare global {
  interface Window {
    __i18n: { lang: 'en' | 'es'; resources: Record<string, Record<string, unknown>> }
  }
}

const { lang, resources } = window.__i18n
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
