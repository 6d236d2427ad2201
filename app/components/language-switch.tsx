import { useLocation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANG_NAMES, LANGS, switchLangPath, type Lang } from '#app/utils/i18n.ts'

/**
 * The section the reader is in: the last heading with a section id (stable across languages,
 * see sectionIds in app/content/compile.server.ts) at or above the top third of the window.
 */
function currentSectionId(): string | null {
  let current: string | null = null
  for (const heading of document.querySelectorAll<HTMLElement>('h2[id^="section-"], h3[id^="section-"]')) {
    if (heading.getBoundingClientRect().top > window.innerHeight / 3) break
    current = heading.id
  }
  return current
}

/** How long the reader stays in a section before the switch takes it as their place. */
const DWELL_MS = 700

/**
 * The section the reader last stopped in (kept for a while in one place, below the lesson's first
 * heading): scrolling back up to the header to reach the switch does not lose it.
 */
function useReadingSection(pathname: string): string | null {
  const [section, setSection] = useState<string | null>(null)
  useEffect(() => {
    setSection(null) // another page: another place
    let timer: ReturnType<typeof setTimeout> | undefined
    const settle = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        const current = currentSectionId()
        if (current) setSection(current)
      }, DWELL_MS)
    }
    settle() // a page opened at a section (#section-4) starts there
    window.addEventListener('scroll', settle, { passive: true })
    return () => {
      clearTimeout(timer)
      window.removeEventListener('scroll', settle)
    }
  }, [pathname])
  return section
}

/**
 * Links to the same page in the other language (a full load, so every string changes). In a
 * lesson, the link takes the reader's section with it, so they keep their place.
 */
export function LanguageSwitch({ lang }: { lang: Lang }) {
  const { t } = useTranslation()
  const location = useLocation()
  const section = useReadingSection(location.pathname)
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
                {LANG_NAMES[code]}
              </span>
            ) : (
              <a
                href={`${switchLangPath(location.pathname, location.search, code)}${section ? `#${section}` : ''}`}
                hrefLang={code}
                lang={code}
                className="text-brand-700 hover:bg-brand-50 rounded px-2 py-1 text-sm"
              >
                {LANG_NAMES[code]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}
