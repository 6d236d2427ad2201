// The lasting probe of issue 14: every query parameter of every route and every field of every form,
// over real HTTP, as each role, given a corpus of bad values (empty, 10,000 characters, a value
// sent twice, NUL, bytes that are not UTF-8, markup, SQL, huge, negative and fractional numbers,
// days and months far in the past and future). No answer may be a 5xx, and a request that is
// refused (4xx) leaves every table as it was.
//
// The routes come from tests/routes.ts, the one inventory (a route file missing there fails here).
// The query parameters are not listed by hand: each page is requested once as each role while
// the test records which keys the server read from its URL (`URLSearchParams` get/getAll/has, as
// `parseQuery` and every loader read them), so a parameter added to a loader is fuzzed without a
// change here. The forms are the inventory's well-formed forms, each field in turn replaced.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { CLIENT_IP_HEADER, startAppServer, type AppServer } from '#tests/http.ts'
import { actionRoutes, type Fields, ROLES, routeFiles, type RouteWorld, setUpRoutes, type Who } from '#tests/routes.ts'
import { databaseFingerprint } from '#tests/utils.ts'

vi.hoisted(() => {
  process.env.STRIPE_OFFLINE = 'true'
})

/** A bad value as it goes on the wire: URL-encoded text, or raw escapes (bytes that are not UTF-8). */
type Bad = { label: string; values: string[]; raw?: string }

const BAD: Bad[] = [
  { label: 'empty', values: [''] },
  { label: '10,000 characters', values: ['a'.repeat(10_000)] },
  { label: 'sent twice', values: ['1', '2'] },
  { label: 'NUL', values: ['a\u0000b'] },
  { label: 'not UTF-8', values: [], raw: '%FF%FE%C3%28' },
  { label: 'HTML', values: ['"><script>alert(1)</script>'] },
  { label: 'SQL', values: [`' OR '1'='1'; DROP TABLE "User"; --`] },
  { label: 'a huge number', values: ['99999999999999999999999999'] },
  { label: 'a negative number', values: ['-1'] },
  { label: 'a fraction', values: ['2.5'] },
  { label: 'a day far in the past', values: ['0001-01-01'] },
  { label: 'a day far in the future', values: ['9999-12-31'] },
  { label: 'a month far in the future', values: ['9999-12'] },
  { label: 'a day that does not exist', values: ['2026-02-31'] },
]

/** `key=value` pairs of one bad value, encoded. */
function encoded(key: string, bad: Bad): string[] {
  const k = encodeURIComponent(key)
  if (bad.raw !== undefined) return [`${k}=${bad.raw}`]
  return bad.values.map((value) => `${k}=${encodeURIComponent(value)}`)
}

let app: AppServer
let world: RouteWorld
let ip = 0

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

async function send(who: Who, path: string, init: { method?: string; body?: string; recordKeys?: boolean } = {}) {
  const headers: Record<string, string> = {
    Origin: app.origin,
    [CLIENT_IP_HEADER]: `198.19.${Math.floor(++ip / 250) % 250}.${ip % 250}`,
  }
  if (world.cookies[who]) headers.Cookie = world.cookies[who]
  if (init.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded'
  recording = Boolean(init.recordKeys)
  const request = () =>
    fetch(`${app.origin}${path}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' })
  try {
    // A kept-alive socket the server closed at that moment: Node's fetch fails; the request is sent again.
    const response = await request().catch((error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return request()
      throw error
    })
    return { status: response.status, text: await response.text() }
  } finally {
    recording = false
  }
}

/** `path` with `key` set to the bad value (any value it had replaced). */
function withQuery(path: string, key: string, bad: Bad): string {
  const [pathname, search = ''] = path.split('?') as [string, string?]
  const kept = search.split('&').filter((pair) => pair && decodeURIComponent(pair.split('=')[0]!) !== key)
  return `${pathname}?${[...kept, ...encoded(key, bad)].join('&')}`
}

/** The honeypot's fields as the page wrote them (a public form posts them back). */
function honeypotFields(html: string): Fields {
  const fields: Fields = []
  for (const [tag] of html.matchAll(/<input[^>]*name="[^"]*__confirm"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(tag)![1]!
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? ''
    fields.push([name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"')])
  }
  return fields
}

const found = { queries: 0, fields: 0, requests: 0, accepted: 0, serverErrors: [] as string[] }

beforeAll(async () => {
  recordReads()
  app = await startAppServer()
  world = await setUpRoutes()
}, 180_000)

afterAll(async () => {
  console.info(
    `fuzz: ${routeFiles.length} routes, ${found.queries} query parameters (route × role), ${found.fields} form fields, ` +
      `${found.requests} requests, ${found.accepted} accepted as valid, ${found.serverErrors.length} 5xx`,
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
/** Another role whose request reads the key gets these (its guard or its own view answers). */
const SPOT_CHECK = BAD.filter((bad) => bad.label === 'NUL')
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

// The log-out form ends the session of every role that posts to it: it goes last, so the forms
// after it in the alphabet (the Studio's) are still posted by a signed-in user.
const LOG_OUT = '$lang.logout.tsx'
for (const file of [...actionRoutes.filter((f) => f !== LOG_OUT), ...actionRoutes.filter((f) => f === LOG_OUT)]) {
  test(`${file}: bad values in every field of its form, as each role: no 5xx, a refusal changes nothing`, async () => {
    const fixture = world.forms[file]!
    if (fixture.machine)
      return expect((await send(fixture.who, fixture.path(), { method: 'POST', body: 'id=%00' })).status).toBe(400)
    const page = fixture.path()
    for (const who of ROLES) {
      const fields = fixture.form()
      // The user of the form gets every field fuzzed; the others, every field at once (their guard answers).
      const rounds: Array<{ label: string; body: (bad: Bad) => string }> =
        who === fixture.who
          ? fields.map(([name], index) => ({
              label: name,
              body: (bad) =>
                [
                  ...fields
                    .filter((_, i) => i !== index)
                    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
                  ...encoded(name, bad),
                ].join('&'),
            }))
          : [{ label: 'every field', body: (bad) => fields.flatMap(([name]) => encoded(name, bad)).join('&') }]
      if (who === fixture.who) found.fields += fields.length
      // A public form carries its honeypot as the page wrote it.
      const honeypot = fixture.honeypot ? honeypotFields((await send(who, page)).text) : []
      for (const round of rounds) {
        const label = (bad: Bad) => `POST ${page} ${round.label}= ${bad.label}, as ${who}`
        let before = await databaseFingerprint()
        for (const bad of who === fixture.who ? BAD : SPOT_CHECK) {
          const body = [
            round.body(bad),
            ...honeypot.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
          ].join('&')
          const { status } = await send(who, page, { method: 'POST', body })
          found.requests++
          if (status >= 500) found.serverErrors.push(`${label(bad)}: ${status}`)
          expect(status, label(bad)).toBeLessThan(500)
          if (status >= 400) continue
          // Accepted as valid (an organisation may be called "-1"): it may change the database; the
          // refusals after it are checked against what it left.
          found.accepted++
          before = await databaseFingerprint()
        }
        expect(await databaseFingerprint(), `POST ${page} ${round.label}: a refusal changed the database`).toEqual(
          before,
        )
      }
    }
  }, 120_000)
}
