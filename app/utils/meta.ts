import { type MetaDescriptor } from '@remix-run/react'

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>

/** Looks a key ("ns:a.b") up in the root loader's strings, for meta functions (which have no t). */
export function translateFromMatches(matches: Matches, key: string): string {
  const root = matches.find((m) => m?.id === 'root')?.data as { i18n?: Record<string, unknown> } | undefined
  const [ns, path] = key.includes(':') ? (key.split(':') as [string, string]) : ['common', key]
  let node: unknown = root?.i18n?.[ns]
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string' ? node : key
}

/** "<page> · Aula" and a description, in the page's language. */
export function pageMeta(matches: Matches, titleKey: string, descriptionKey = 'common:meta.description'): MetaDescriptor[] {
  const title = translateFromMatches(matches, titleKey)
  return [
    { title: `${title} · Aula` },
    { name: 'description', content: translateFromMatches(matches, descriptionKey) },
  ]
}
