import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { type Lang, NAMESPACES } from '#app/utils/i18n.ts'

// The page language's strings come from the cached script the root document names
// (/i18n/{lang}-{audience}.{hash}.js, ADR 004). It is deferred and this module is async, so either
// may run first: wait for its "aula:i18n" event when it has not run yet.
declare global {
  interface Window {
    __i18n?: { lang: Lang; resources: Record<string, Record<string, unknown>> }
  }
}

function stringsLoaded(): Promise<void> {
  if (window.__i18n) return Promise.resolve()
  return new Promise((resolve) => {
    window.addEventListener('aula:i18n', () => resolve(), { once: true })
    // A script that failed to load: start anyway (the server-rendered page stays readable).
    document.querySelector('script[data-aula-strings]')?.addEventListener('error', () => resolve(), { once: true })
    setTimeout(resolve, 30_000)
  })
}

function hydrate() {
  // Without strings (the script failed to load) only text the browser renders itself shows keys.
  const { lang, resources } = window.__i18n ?? {
    lang: document.documentElement.lang === 'es' ? 'es' : 'en',
    resources: {},
  }
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
}

void stringsLoaded().then(hydrate)
