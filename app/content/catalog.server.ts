// The compiled course catalogue, read from content-build/manifest.json, and the lessons' HTML. Immutable in
// production (read once); in development the watcher rebuilds and this re-reads on change.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { withHeadingIds } from './headings.ts'
import { type Manifest, type ManifestCourse } from './manifest.ts'

export const CONTENT_BUILD_DIR = path.resolve(process.env.CONTENT_BUILD_DIR ?? 'content-build')

let cached: { manifest: Manifest; mtimeMs: number } | null = null

export function getManifest(): Manifest {
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

/** A pre-rendered lesson: static HTML parts, with the quizzes' places between them. */
export type LessonPart = { html: string } | { quiz: string }

const QUIZ_SLOT = /<div data-quiz-slot="([a-z0-9-]+)"><\/div>/
const lessonParts = new Map<string, LessonPart[]>()

/** The lesson's HTML (content-build/lessons/<file>), read once: it is immutable, named by its hash. */
export function lessonHtmlParts(file: string): LessonPart[] {
  let parts = lessonParts.get(file)
  if (!parts) {
    if (!/^[a-f0-9]{24}\.html$/.test(file)) throw new Error(`not a lesson file: ${file}`)
    const html = withHeadingIds(readFileSync(path.join(CONTENT_BUILD_DIR, 'lessons', file), 'utf8'))
    // split() with a capture group alternates text and quiz ids.
    parts = html
      .split(QUIZ_SLOT)
      .map((piece, i) => (i % 2 ? { quiz: piece } : { html: piece }))
      .filter((p) => !('html' in p) || p.html)
    lessonParts.set(file, parts)
  }
  return parts
}
