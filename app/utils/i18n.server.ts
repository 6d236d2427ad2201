import { createCookie } from '@remix-run/node'
import { type TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { servedOverHttps } from './env.server.ts'
import { i18nInstance } from './i18n-instance.server.ts'
import { DEFAULT_LANG, LANGS, type Lang } from './i18n.ts'

let cookie: ReturnType<typeof createCookie> | undefined
/**
 * Remembers the last language used, for the `/` redirect. Not secret, so not signed. Made on
 * first use, once the environment is known: Secure whenever the site is https.
 */
export function langCookie() {
  cookie ??= createCookie('lang', {
    path: '/',
    sameSite: 'lax',
    httpOnly: true,
    maxAge: 60 * 60 * 24 * 365,
    secure: servedOverHttps(),
  })
  return cookie
}

let detector: RemixI18Next | undefined

/** Cookie, then Accept-Language, then English. */
export async function detectLang(request: Request): Promise<Lang> {
  detector ??= new RemixI18Next({
    detection: {
      supportedLanguages: [...LANGS],
      fallbackLanguage: DEFAULT_LANG,
      cookie: langCookie(),
      order: ['cookie', 'header'],
    },
  })
  const found = await detector.getLocale(request)
  return found === 'es' ? 'es' : 'en'
}

/** A translation function for strings made on the server (mail, toasts, page titles). */
export function getT(lang: Lang, ns: string | string[] = 'common'): TFunction {
  return i18nInstance(lang).getFixedT(lang, ns)
}
