// The course catalogue and the lessons' HTML. A server serves the published versions, from memory
// (live.server.ts: loaded from the database before it listens, reloaded on NOTIFY), one snapshot per
// request. Without a loader (tests, scripts, benchmarks) it reads content-build/ as compiled: the
// manifest once (re-read on change outside production) and each lesson file once.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { type HeadersFunction } from '@remix-run/node'
import { type Lang } from '#app/utils/i18n.ts'
import { perRequest } from '#app/utils/request-cache.server.ts'
import { liveContent, splitLessonHtml, type LessonPart } from './live.server.ts'
import { type Manifest, type ManifestCourse, type ManifestLessonLocale } from './manifest.ts'
import { readerConvention, type NumberConvention } from './numbers.ts'

export const CONTENT_BUILD_DIR = path.resolve(process.env.CONTENT_BUILD_DIR ?? 'content-build')

let cached: { manifest: Manifest; mtimeMs: number } | null = null

export function getManifest(): Manifest {
  const live = liveContent()
  if (live) {
    // The same snapshot for the whole request, even when a new version is swapped in meanwhile.
    return perRequest('content:manifest', () => {
      if (!live.snapshot) throw new Error('The published courses are not loaded yet')
      return live.snapshot.manifest
    })
  }
  const file = path.join(CONTENT_BUILD_DIR, 'manifest.json')
  let mtimeMs = 0
  try {
    mtimeMs = statSync(file).mtimeMs
  } catch {
    throw new Error(`No compiled courses at ${file}: run npm run build (or npm run dev)`)
  }
  if (!cached || (process.env.NODE_ENV !== 'production' && cached.mtimeMs !== mtimeMs)) {
    cached = { manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest, mtimeMs }
  }
  return cached.manifest
}

export function getCourse(id: string): ManifestCourse | undefined {
  return getManifest().courses.find((c) => c.id === id)
}

export type { LessonPart }

const lessonParts = new Map<string, LessonPart[]>()

/**
 * The lesson's HTML, from the published version in memory (or content-build/lessons/<file>, read once):
 * immutable, named by its hash, and its section headings carry their ids from pre-rendering
 * (prerender.server.tsx).
 */
export function lessonHtmlParts(file: string): LessonPart[] {
  const live = liveContent()
  if (live) {
    const parts = live.lessonParts(file)
    if (!parts) throw new Error(`not a lesson file of the published courses: ${file}`)
    return parts
  }
  let parts = lessonParts.get(file)
  if (!parts) {
    if (!/^[a-f0-9]{24}\.html$/.test(file)) throw new Error(`not a lesson file: ${file}`)
    const html = readFileSync(path.join(CONTENT_BUILD_DIR, 'lessons', file), 'utf8')
    parts = splitLessonHtml(html)
    lessonParts.set(file, parts)
  }
  return parts
}

/**
 * The reader's number convention for a page (readerConvention: the signed-in learner's country, else
 * the browser's region, else the language default) and whether it came from Accept-Language, in which
 * case a page showing a lesson with quantities must answer `Vary: Accept-Language`.
 */
export function conventionOfRequest(
  request: Request,
  lang: Lang,
  country: string | null | undefined,
): { convention: NumberConvention; fromHeader: boolean } {
  return {
    convention: readerConvention(lang, country, request.headers.get('Accept-Language')),
    fromHeader: !country,
  }
}

/**
 * The `headers` export of a page that shows numbers in the reader's convention (a lesson, a module's
 * print page, the catalogue's lesson passages): its loader answers `Vary: Accept-Language` when the
 * convention came from that header (ADR 030), and the parent's headers (Retry-After, …) are kept.
 */
export const readerConventionHeaders: HeadersFunction = ({ loaderHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders)
  const vary = loaderHeaders.get('Vary')
  if (vary) headers.append('Vary', vary)
  return headers
}

/** The lesson's pre-rendered HTML file for a number convention: one file per convention only when it has quantities. */
export function lessonHtmlFile(locale: ManifestLessonLocale, convention: NumberConvention): string {
  return locale.htmlByConvention?.[convention] ?? locale.html
}
