// The lasting probe of issue 14, its query half (the forms' half is fuzz-forms.test.ts; the corpus
// and the client are shared, tests/fuzz.ts): every query parameter of every route, over real HTTP,
// as each role. No answer may be a 5xx, and nothing may change the database.
//
// The query parameters are not listed by hand: each page is requested once as each role while
// the test records which keys the server read from its URL (`URLSearchParams` get/getAll/has, as
// `parseQuery` and every loader read them), so a parameter added to a loader is fuzzed without a
// change here.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { BAD, type Bad, encoded, type Found, fuzzClient, SPOT_CHECK } from '#tests/fuzz.ts'
import { startAppServer, type AppServer } from '#tests/http.ts'
import { actionRoutes, routeFiles, type RouteWorld, setUpRoutes, type Who } from '#tests/routes.ts'
import { databaseFingerprint } from '#tests/utils.ts'

vi.hoisted(() => {
  process.env.STRIPE_OFFLINE = 'true'
})

let app: AppServer
let world: RouteWorld

// Which URL keys the server reads while a request is handled (the app runs in this process).
// Patched by hand, not with vi.spyOn: Vitest restores spies after each test.
const read = new Set<string>()
let recording = false
const originals = {
  get: URLSearchParams.prototype.get,
  getAll: URLSearchParams.prototype.getAll,
  has: URLSearchParams.prototype.has,
}
function recordReads() {
  for (const method of ['get', 'getAll', 'has'] as const) {
    const original = originals[method] as (this: URLSearchParams, ...args: unknown[]) => unknown
    URLSearchParams.prototype[method] = function (this: URLSearchParams, ...args: unknown[]) {
      if (recording && typeof args[0] === 'string') read.add(args[0])
      return original.apply(this, args)
    } as never
  }
}
function stopRecordingReads() {
  Object.assign(URLSearchParams.prototype, originals)
}

const send = fuzzClient(
  () => app,
  () => world,
  (active) => (recording = active),
)

/** `path` with `key` set to the bad value (any value it had replaced). */
function withQuery(path: string, key: string, bad: Bad): string {
  const [pathname, search = ''] = path.split('?') as [string, string?]
  const kept = search.split('&').filter((pair) => pair && decodeURIComponent(pair.split('=')[0]!) !== key)
  return `${pathname}?${[...kept, ...encoded(key, bad)].join('&')}`
}

const found: Found = { queries: 0, fields: 0, requests: 0, accepted: 0, serverErrors: [] }

beforeAll(async () => {
  recordReads()
  app = await startAppServer()
  world = await setUpRoutes()
}, 180_000)

afterAll(async () => {
  console.info(
    `fuzz (queries): ${routeFiles.length} routes, ${found.queries} query parameters (route × role), ` +
      `${found.requests} requests, ${found.serverErrors.length} 5xx`,
  )
  await app?.close()
  stopRecordingReads()
})

test('every route file has an address in tests/routes.ts, and every action route a form', () => {
  expect(routeFiles.length).toBeGreaterThan(40)
  expect(routeFiles.filter((file) => !(file in world.pages))).toEqual([])
  expect(actionRoutes.filter((file) => !(file in world.forms))).toEqual([])
  expect(Object.keys(world.pages).filter((file) => !routeFiles.includes(file))).toEqual([])
})

/** Roles, the most privileged first: a key is fuzzed in full as the first role whose request reads it. */
const BY_PRIVILEGE: Who[] = ['admin', 'trainer', 'enrolled learner', 'learner', 'anonymous']
/** Keys Remix itself reads on every request: fuzzed once, below, not on every route. */
const FRAMEWORK_KEYS = ['_data', 'index']

test('the keys Remix reads on every request: ?_data (the data request single fetch never sends) is a 400, ?index harmless', async () => {
  for (const who of ['anonymous', 'admin'] as const)
    for (const bad of BAD) {
      const legacy = withQuery('/es/admin/audit', '_data', bad)
      expect((await send(who, legacy)).status, `${legacy.slice(0, 80)} as ${who}`).toBe(400)
      for (const path of ['/es/courses', '/es/admin/audit']) {
        const index = withQuery(path, 'index', bad)
        expect((await send(who, index)).status, `${index.slice(0, 80)} as ${who}`).toBeLessThan(500)
      }
    }
})

// Each page once as each role (a first view may record something: before the snapshot), noting the
// keys its request read; then every key fuzzed, the routes side by side; then nothing may have changed.
const keysOf = new Map<string, Array<{ who: Who; keys: string[] }>>()
let beforeQueries: Record<string, string>

test('each page as each role reads these query keys', async () => {
  for (const file of routeFiles) {
    const path = world.pages[file]!()
    const seen: Array<{ who: Who; keys: string[] }> = []
    for (const who of BY_PRIVILEGE) {
      read.clear()
      await send(who, path, { recordKeys: true })
      seen.push({ who, keys: [...read].filter((key) => !FRAMEWORK_KEYS.includes(key)).sort() })
    }
    keysOf.set(file, seen)
  }
  expect(keysOf.get('$lang.admin.audit.tsx')!.find(({ who }) => who === 'admin')!.keys).toEqual([
    'action',
    'actor',
    'from',
    'page',
    'subject',
    'to',
  ])
  beforeQueries = await databaseFingerprint()
}, 120_000)

describe.concurrent('query parameters', () => {
  for (const file of routeFiles) {
    test(`${file}: bad values in every query parameter, as each role: no 5xx`, async () => {
      const path = world.pages[file]!()
      const fuzzed = new Set<string>()
      for (const { who, keys } of keysOf.get(file)!) {
        found.queries += keys.length
        for (const key of keys) {
          const corpus = fuzzed.has(key) ? SPOT_CHECK : BAD
          fuzzed.add(key)
          for (const bad of corpus) {
            const target = withQuery(path, key, bad)
            const { status } = await send(who, target)
            found.requests++
            if (status >= 500) found.serverErrors.push(`GET ${target.slice(0, 200)} as ${who}: ${status}`)
            expect(status, `GET ${path} ?${key}= ${bad.label}, as ${who}`).toBeLessThan(500)
          }
        }
      }
    }, 120_000)
  }
})

test('no bad query parameter changed the database', async () => {
  expect(await databaseFingerprint()).toEqual(beforeQueries)
})
