// Addresses the build gives a course's pages and files, for the build and for the server alike:
// this module loads no compiler (build.server.ts does, and reads node_modules when it loads).
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type CourseSource, type Locale } from './load.server.ts'

export const CONTENT_URL_PREFIX = '/content'

/** A course's glossary page (app/routes/$lang.courses.$course.glossary.tsx); key terms link to it. */
export function glossaryPath(locale: Locale, courseSlug: string): string {
  return `/${locale}/courses/${courseSlug}/glossary`
}

/** The Content-Type of a course image by its extension (lower-case); other files are not images. */
export const ASSET_CONTENT_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  avif: 'image/avif',
}

/** A course file's image type, or undefined when its name is not an image's. */
export const assetContentType = (name: string): string | undefined =>
  ASSET_CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()]

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** Each asset's public URL as the build names it (content-addressed), without copying anything. */
export function courseAssetUrls(source: CourseSource): Map<string, string> {
  return copyAssets(source, '', false)
}

/** Copies the course's assets/ under content-addressed names into outDir (when `write`): name -> URL. */
export function copyAssets(source: CourseSource, outDir: string, write: boolean): Map<string, string> {
  const map = new Map<string, string>()
  const dir = path.join(outDir, 'assets', source.slug)
  if (write && source.assets.length) mkdirSync(dir, { recursive: true })
  for (const name of source.assets) {
    const from = path.join(source.dir, 'assets', name)
    const hashed = `${sha256(readFileSync(from)).slice(0, 12)}-${name}`
    if (write && !existsSync(path.join(dir, hashed))) copyFileSync(from, path.join(dir, hashed))
    map.set(name, `${CONTENT_URL_PREFIX}/assets/${source.slug}/${hashed}`)
  }
  return map
}
