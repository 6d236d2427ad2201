// The compiled course catalogue, read from content-build/manifest.json. Immutable in
// production (read once); in development the watcher rebuilds and this re-reads on change.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import * as React from 'react'
import * as ReactDOM from 'react-dom'
import * as jsxRuntime from 'react/jsx-runtime'
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

type LessonExport = { default: React.ComponentType<{ components?: Record<string, unknown> }> }
const lessonModules = new Map<string, Promise<LessonExport>>()

/** Imports a compiled lesson module (by its public URL) for server rendering. */
export function loadLessonModule(url: string): Promise<LessonExport> {
  let found = lessonModules.get(url)
  if (!found) {
    const file = path.join(CONTENT_BUILD_DIR, url.replace(/^\/content\//, ''))
    found = import(/* @vite-ignore */ pathToFileURL(file).href).then(
      (mod: { default: (...globals: unknown[]) => LessonExport }) => mod.default(React, ReactDOM, jsxRuntime),
    )
    found.catch(() => lessonModules.delete(url))
    lessonModules.set(url, found)
  }
  return found
}
