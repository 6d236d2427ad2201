import { useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LANGS, switchLangPath, type Lang } from '#app/utils/i18n.ts'

const NAMES: Record<Lang, string> = { en: 'English', es: 'Español' }

/** Links to the same page in the other language (a full load, so every string changes). */
export function LanguageSwitch({ lang }: { lang: Lang }) {
  const { t } = useTranslation()
  const location = useLocation()
  return (
    <nav aria-label={t('nav.language')}>
      <ul className="flex gap-1">
        {LANGS.map((code) => (
          <li key={code}>
            {code === lang ? (
              <span
                aria-current="true"
                className="rounded px-2 py-1 text-sm font-semibold text-slate-900 underline decoration-2"
              >
                {NAMES[code]}
              </span>
            ) : (
              <a
                href={switchLangPath(location.pathname, location.search, code)}
                hrefLang={code}
                lang={code}
                className="text-brand-700 hover:bg-brand-50 rounded px-2 py-1 text-sm"
              >
                {NAMES[code]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}
