// patches/@remix-run+router+1.23.3.patch makes the server's route matching reuse the flattened,
// ranked route tree and the compiled patterns instead of rebuilding them on every request (a fifth
// of a lesson page's CPU time), and keeps each path's answer (a request matched its path three
// times). These tests fail if `npm ci` did not apply the patch, and check that a kept match gives
// the same answer as a fresh one, to each caller in objects of its own.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type AgnosticRouteObject } from '@remix-run/router'
import { describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)
// The CommonJS build, as the Remix server runtime and react-router load it under Node.
const routerPath = require.resolve('@remix-run/router')
const router = require('@remix-run/router') as typeof import('@remix-run/router')

type Route = AgnosticRouteObject

// A tree shaped like the app's: a language layout, static routes beside dynamic ones, an index.
const routes: Route[] = [
  {
    id: 'root',
    path: '/',
    children: [
      { id: 'home', index: true },
      { id: 'healthz', path: 'healthz' },
      {
        id: 'lang',
        path: ':lang',
        children: [
          { id: 'lang-index', index: true },
          { id: 'login', path: 'login' },
          { id: 'courses', path: 'courses' },
          { id: 'course', path: 'courses/:course' },
          { id: 'lesson', path: 'courses/:course/:module/:lesson' },
          { id: 'verify', path: 'verify/:code' },
          { id: 'admin-people', path: 'admin/people' },
          { id: 'admin-person', path: 'admin/people/:userId' },
          { id: 'catch-all', path: '*' },
        ],
      },
    ],
  },
]

const ids = (pathname: string) => router.matchRoutes(routes, pathname)?.map((m) => [m.route.id, m.params]) ?? null

describe('the route-matching patch', () => {
  test('is applied to the build the server loads', () => {
    expect(routerPath).toMatch(/router\.cjs\.js$/)
    const source = readFileSync(routerPath, 'utf8')
    expect(source).toContain('rankedBranchesCache')
    expect(source).toContain('compiledPathCache')
    expect(source).toContain('matchedPathsCache')
  })

  test('a repeated match (from the caches) gives the same routes and params as the first', () => {
    const paths = [
      '/',
      '/healthz',
      '/en',
      '/es/login',
      '/en/courses/iccs',
      '/en/courses/iccs/structure/the-eleven-sections',
      '/es/verify/abc_DEF-123',
      '/en/admin/people',
      '/en/admin/people/u1',
      '/en/no/such/page',
    ]
    const first = paths.map(ids)
    // Every match of one location carries all of its params.
    const lesson = { lang: 'en', course: 'iccs', module: 'structure', lesson: 'the-eleven-sections' }
    expect(first[5]).toEqual([
      ['root', lesson],
      ['lang', lesson],
      ['lesson', lesson],
    ])
    // Static segments outrank dynamic ones; the splat catches the rest.
    expect(first[7]!.at(-1)![0]).toBe('admin-people')
    expect(first[9]!.at(-1)).toEqual(['catch-all', { lang: 'en', '*': 'no/such/page' }])
    expect(paths.map(ids)).toEqual(first)
  })

  test('another route tree is matched on its own, not from the first tree’s cache', () => {
    const other: Route[] = [{ id: 'only', path: '/en/courses/:course' }]
    expect(router.matchRoutes(routes, '/en/courses/iccs')!.at(-1)!.route.id).toBe('course')
    expect(router.matchRoutes(other, '/en/courses/iccs')!.at(-1)!.route.id).toBe('only')
    expect(router.matchRoutes(other, '/en/login')).toBeNull()
  })

  test('a pattern compiled once still matches case-insensitively and to the end, as before', () => {
    expect(router.matchPath('/en/verify/:code', '/EN/Verify/x')?.params).toEqual({ code: 'x' })
    expect(router.matchPath({ path: '/en/verify/:code', caseSensitive: true }, '/EN/Verify/x')).toBeNull()
    expect(router.matchPath({ path: '/en', end: false }, '/en/courses')?.pathnameBase).toBe('/en')
    expect(router.matchPath({ path: '/en', end: true }, '/en/courses')).toBeNull()
  })

  test('each caller gets matches of its own: changing them (a loader changing its params) changes no later answer', () => {
    const first = router.matchRoutes(routes, '/en/courses/iccs')!
    expect(first.map((m) => m.route.id)).toEqual(['root', 'lang', 'course'])
    ;(first[0]!.params as Record<string, string>).course = 'changed'
    first[2]!.pathname = '/changed'
    first.pop()
    const again = router.matchRoutes(routes, '/en/courses/iccs')!
    expect(again.map((m) => [m.route.id, m.pathname])).toEqual([
      ['root', '/'],
      ['lang', '/en'],
      ['course', '/en/courses/iccs'],
    ])
    expect(again[0]!.params).toEqual({ lang: 'en', course: 'iccs' })
    // As without the patch, the matches of one location share one params object.
    expect(again[2]!.params).toBe(again[0]!.params)
    expect(again[0]!.params).not.toBe(first[0]!.params)
  })

  test('past the 1,000 paths kept per tree, every path is still answered as it was', () => {
    const many = Array.from({ length: 1_500 }, (_, i) => `/en/verify/code-${i}`)
    for (const path of many) expect(ids(path)!.at(-1)).toEqual(['verify', { lang: 'en', code: path.slice(11) }])
    expect(ids('/en/verify/code-0')!.at(-1)).toEqual(['verify', { lang: 'en', code: 'code-0' }])
    expect(ids('/en/courses/iccs/structure/the-eleven-sections')!.at(-1)![0]).toBe('lesson')
  })
})
