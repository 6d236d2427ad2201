// The browser's UI strings (ADR 004): one script per language and audience, named by the hash of
// its content so browsers keep it for a year and fetch it again only when a string changes.
// Staff pages' namespaces (admin, reports, teach, studio: about a quarter of the strings) go only into the
// staff script, which keeps every learner's download smaller. UI labels are not secret, so the
// scripts themselves are public.
import { createHash } from 'node:crypto'
import { resources } from '#app/locales/index.ts'
import { type Lang } from './i18n.ts'

export type Audience = 'public' | 'staff'

const STAFF_NAMESPACES = new Set(['admin', 'reports', 'teach', 'studio'])

export type StringsBundle = { lang: Lang; audience: Audience; hash: string; url: string; body: string }

const bundles = new Map<string, StringsBundle>()

export function stringsBundle(lang: Lang, audience: Audience): StringsBundle {
  const key = `${lang}-${audience}`
  let bundle = bundles.get(key)
  if (!bundle) {
    const all = resources[lang] as Record<string, unknown>
    const strings =
      audience === 'staff' ? all : Object.fromEntries(Object.entries(all).filter(([ns]) => !STAFF_NAMESPACES.has(ns)))
    // entry.client may start first (the scripts load in parallel): it waits for this event.
    const body = `window.__i18n=${JSON.stringify({ lang, resources: strings })};dispatchEvent(new Event('aula:i18n'));\n`
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16)
    bundle = { lang, audience, hash, url: `/i18n/${key}.${hash}.js`, body }
    bundles.set(key, bundle)
  }
  return bundle
}

const FILE = /^(en|es)-(public|staff)\.([0-9a-f]{16})\.js$/

/** The bundle a request names, and whether the name is current; null for anything else. */
export function parseStringsFile(file: string): { bundle: StringsBundle; current: boolean } | null {
  const match = FILE.exec(file)
  if (!match) return null
  const bundle = stringsBundle(match[1] as Lang, match[2] as Audience)
  return { bundle, current: bundle.hash === match[3] }
}
