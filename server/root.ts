// The project's root folder, found by walking up to its package.json: the same answer whether
// this code runs from server/ under tsx (development) or bundled into build/server/main.js.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'aula')
      return dir
    if (path.dirname(dir) === dir) throw new Error(`Aula's package.json not found above ${start}`)
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))
