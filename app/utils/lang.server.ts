import { isLang, DEFAULT_LANG, type Lang } from './i18n.ts'

/** The page language from the URL's first segment, else English. */
export function getLangFromRequest(request: Request): Lang {
  const first = new URL(request.url).pathname.split('/')[1]
  return isLang(first) ? first : DEFAULT_LANG
}
