// patches/@remix-run+react+2.17.5.patch keeps the manifest a document inlines for lazy route
// discovery (`getPartialManifest`, one matchRoutes per parent path of the URL on a route tree made
// anew for every request) per manifest and key, and its JSON too (ADR 027 §10). These tests fail if
// `npm ci` did not apply the patch, and check that a kept answer is the one a fresh call gives.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as RouterModule from '@remix-run/router'
import { type AgnosticRouteObject } from '@remix-run/router'
import { describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)
// The CommonJS build, as the server build loads @remix-run/react under Node.
const fogOfWarPath = require.resolve('@remix-run/react/dist/fog-of-war.js')
const componentsPath = require.resolve('@remix-run/react/dist/components.js')
const { getPartialManifest } = require(fogOfWarPath) as {
  getPartialManifest: (manifest: Manifest, router: FakeRouter) => Manifest
}
const router = require('@remix-run/router') as typeof RouterModule

type Manifest = { version: string; url: string; entry: { module: string }; routes: Record<string, { id: string }> }
type FakeRouter = {
  basename: string
  routes: AgnosticRouteObject[]
  state: { location: { pathname: string }; matches: { route: { id: string } }[] }
}

// A tree shaped like the app's: a language layout with an index, the lesson route, a splat.
const tree = (): AgnosticRouteObject[] => [
  {
    id: 'root',
    path: '/',
    children: [
      { id: 'home', index: true },
      {
        id: 'lang',
        path: ':lang',
        children: [
          { id: 'lang-index', index: true },
          { id: 'course', path: 'courses/:course' },
          { id: 'lesson', path: 'courses/:course/:module/:lesson' },
          { id: 'catch-all', path: '*' },
        ],
      },
    ],
  },
]
const ids = ['root', 'home', 'lang', 'lang-index', 'course', 'lesson', 'catch-all', 'login']
const manifest = (): Manifest => ({
  version: 'v1',
  url: '/assets/manifest.js',
  entry: { module: '/assets/entry.js' },
  routes: Object.fromEntries(ids.map((id) => [id, { id }])),
})

/** A router as RemixServer makes one for each document request: a new route tree every time. */
function routerFor(pathname: string): FakeRouter {
  const routes = tree()
  const matches = (router.matchRoutes(routes, pathname) ?? [{ route: routes[0]! }]).map((m) => ({
    route: { id: m.route.id! },
  }))
  return { basename: '/', routes, state: { location: { pathname }, matches } }
}

const LESSON = '/en/courses/iccs/structure/the-eleven-sections'

describe('the partial-manifest patch', () => {
  test('is applied to the build the server loads', () => {
    expect(fogOfWarPath).toMatch(/dist\/fog-of-war\.js$/)
    expect(readFileSync(fogOfWarPath, 'utf8')).toContain('partialManifests')
    expect(readFileSync(componentsPath, 'utf8')).toContain('partialManifestJson(fogOfWar.getPartialManifest(')
  })

  test('the manifest of a page and of its parent paths, kept for the next request of that page', () => {
    const m = manifest()
    const first = getPartialManifest(m, routerFor(LESSON))
    // The matched routes, and those of /, /en, /en/courses, /en/courses/iccs, ... (indexes, the splat).
    expect(Object.keys(first.routes).sort()).toEqual([
      'catch-all',
      'course',
      'home',
      'lang',
      'lang-index',
      'lesson',
      'root',
    ])
    expect(first).toMatchObject({ version: 'v1', url: '/assets/manifest.js', entry: { module: '/assets/entry.js' } })
    // The next request's router has a new route tree: the answer is the one kept.
    expect(getPartialManifest(m, routerFor(LESSON))).toBe(first)
  })

  test('another page, other matches or another build get their own answer', () => {
    const m = manifest()
    const lesson = getPartialManifest(m, routerFor(LESSON))
    const home = getPartialManifest(m, routerFor('/'))
    expect(Object.keys(home.routes).sort()).toEqual(['home', 'root'])
    // The same path answered by the root alone (no route matched: its error boundary).
    const unmatched = {
      ...routerFor(LESSON),
      state: { location: { pathname: LESSON }, matches: [{ route: { id: 'root' } }] },
    }
    const boundary = getPartialManifest(m, unmatched)
    expect(boundary).not.toBe(lesson)
    expect(Object.keys(boundary.routes).sort()).toEqual(['catch-all', 'course', 'home', 'lang', 'lang-index', 'root'])
    // A new build's manifest is another object: nothing of the old one is reused.
    const next = manifest()
    next.version = 'v2'
    expect(getPartialManifest(next, routerFor(LESSON)).version).toBe('v2')
  })

  test('stays bounded: the oldest page is computed again once a thousand others were asked', () => {
    const m = manifest()
    const first = getPartialManifest(m, routerFor(LESSON))
    for (let i = 0; i < 1000; i++) getPartialManifest(m, routerFor(`/en/courses/c${i}`))
    const again = getPartialManifest(m, routerFor(LESSON))
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
  })
})
