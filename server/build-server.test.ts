// The production bundles (scripts/build-server.mjs) carry the lesson renderer's id as a constant:
// the production image has no app/ folder, and the compile worker and the Studio's publish job
// computed it from app/ sources at start (they failed there).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { RENDER_ID } from '#app/content/prerender.server.tsx'

const outdir = mkdtempSync(path.join(os.tmpdir(), 'aula-server-build-'))
afterAll(() => rmSync(outdir, { recursive: true, force: true }))

test('the compile worker and the publish job are bundled with the render id, not the sources it comes from', () => {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { env: { ...process.env, SERVER_OUTDIR: outdir } })
  expect(RENDER_ID).toMatch(/^[0-9a-f]{12}$/)
  for (const bundle of ['compile-worker.js', 'studio-publish.js']) {
    const code = readFileSync(path.join(outdir, bundle), 'utf8')
    // The id the sources give now, chosen at build time (esbuild folds the condition to `true`).
    expect(code, bundle).toMatch(new RegExp(`RENDER_ID\\d* = true \\? "${RENDER_ID}" :`))
  }
}, 60_000)
