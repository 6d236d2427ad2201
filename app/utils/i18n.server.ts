import { createCookie } from '@remix-run/node'
import { type TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { i18nInstance } from './i18n-instance.server.ts'
import { DEFAULT_LANG, LANGS, type Lang } from './i18n.ts'

/** Remembers the last language used, for the `/` redirect. Not secret, so not signed. */
export const langCookie = createCookie('lang', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
  secure: process.env.NODE_ENV === 'production' && !process.env.AULA_EMBEDDED_DB,
})

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGS],
    fallbackLanguage: DEFAULT_LANG,
    cookie: langCookie,
    order: ['cookie', 'header'],
  },
})

/** Cookie, then Accept-Language, then English. */
export async function detectLang(request: Request): Promise<Lang> {
  const found = await detector.getLocale(request)
  return found === 'es' ? 'es' : 'en'
}


/** A translation function for strings made on the server (mail, toasts, page titles). */
export function getT(lang: Lang, ns: string | string[] = 'common'): TFunction {
  return i18nInstance(lang).getFixedT(lang, ns)
}
