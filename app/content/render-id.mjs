// The lesson renderer's id: part of every compiled lesson's cache key, so that changing a lesson
// component, its labels or the renderer re-renders every lesson. Plain JavaScript, so that
// scripts/build-server.mjs computes it at build time for the production bundles (which run where
// app/ is not) and prerender.server.tsx computes it from the sources elsewhere: one list, one hash.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The sources the pre-rendered lesson HTML depends on, besides the compiler's packages. */
export const RENDER_INPUTS = [
  'app/components/mdx/index.tsx',
  'app/locales/en/lesson.json',
  'app/locales/es/lesson.json',
  'app/content/prerender.server.tsx',
  'app/content/number-convention.tsx',
  'app/content/numbers.ts',
  'app/content/charts.server.ts',
  'app/content/headings.ts',
]

/** The id of the renderer in the project folder `root`. */
export function renderId(root) {
  return createHash('sha256')
    .update(RENDER_INPUTS.map((f) => readFileSync(path.join(root, f), 'utf8')).join('\0'))
    .digest('hex')
    .slice(0, 12)
}
