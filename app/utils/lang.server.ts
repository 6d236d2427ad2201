// The page language on the server, from the one source of truth: the URL's `$lang` segment.
// Route modules use langParam(params); code that has only the request (the log-in redirects in
// app/accounts/auth.server.ts) uses langOfRequest(request). Components use useLang().
import { type Params } from '@remix-run/react'
import { DEFAULT_LANG, isLang, type Lang } from './i18n.ts'

/** The validated `$lang` param; anything else is a 404, as if the page did not exist. */
export function langParam(params: Params): Lang {
  if (!isLang(params.lang)) throw new Response('Not found', { status: 404 })
  return params.lang
}

/** The page language from the URL's first segment, else English (addresses outside `/$lang`). */
export function langOfRequest(request: Request): Lang {
  const first = new URL(request.url).pathname.split('/')[1]
  return isLang(first) ? first : DEFAULT_LANG
}
