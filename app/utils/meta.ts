import { type MetaDescriptor } from '@remix-run/react'
import i18next from 'i18next'

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>

/**
 * Translates a key ("ns:a.b") for meta functions, which have no hook: the default i18next
 * instance holds both languages on the server (entry.server) and the page's in the browser.
 */
export function translateFromMatches(matches: Matches, key: string): string {
  const root = matches.find((m) => m?.id === 'root')?.data as { lang?: string } | undefined
  return i18next.getFixedT(root?.lang ?? 'en')(key)
}

/** "<page> · Aula" and a description, in the page's language. */
export function pageMeta(
  matches: Matches,
  titleKey: string,
  descriptionKey = 'common:meta.description',
): MetaDescriptor[] {
  const title = translateFromMatches(matches, titleKey)
  return [{ title: `${title} · Aula` }, { name: 'description', content: translateFromMatches(matches, descriptionKey) }]
}
