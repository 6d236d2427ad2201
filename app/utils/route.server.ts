import { type Params } from '@remix-run/react'
import { isLang, type Lang } from './i18n.ts'

/** The validated `$lang` param (the $lang layout already 404s on anything else). */
export function langParam(params: Params): Lang {
  if (!isLang(params.lang)) throw new Response('Not found', { status: 404 })
  return params.lang
}
