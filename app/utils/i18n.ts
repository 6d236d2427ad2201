// Languages of the interface. The `$lang` URL segment is the source of truth on every page.
export const LANGS = ['en', 'es'] as const
export type Lang = (typeof LANGS)[number]
export const DEFAULT_LANG: Lang = 'en'
/** Each language's name in itself, as the language switch and the language field show it. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', es: 'Español' }
export const NAMESPACES = [
  'common',
  'auth',
  'account',
  'admin',
  'home',
  'validation',
  'catalog',
  'lesson',
  'quiz',
  'certificates',
  'payments',
  'reports',
  'teach',
  'studio',
] as const

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value)
}

/** The same path in another language: /es/account -> /en/account. */
export function switchLangPath(pathname: string, search: string, to: Lang): string {
  const rest = pathname.replace(/^\/(en|es)(?=\/|$)/, '')
  return `/${to}${rest}${search}`
}

// formattingLocale's answers: asked on every page of a signed-in reader with a country, and Intl's
// answer never changes in a process. At most 2 languages × 676 two-letter codes.
const formattingLocales = new Map<string, string>()

/**
 * The locale for Intl formatting: the learner's regional locale (language + country, e.g.
 * es-CO writes 12.345,5 and es-MX 12,345.5) when the country is known, else the page language.
 */
export function formattingLocale(lang: Lang, country?: string | null): string {
  if (country && /^[A-Z]{2}$/.test(country)) {
    const tag = `${lang}-${country}`
    let locale = formattingLocales.get(tag)
    if (locale === undefined) {
      try {
        locale = Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : lang
      } catch {
        locale = lang
      }
      formattingLocales.set(tag, locale)
    }
    return locale
  }
  return lang
}
