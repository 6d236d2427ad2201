// Every action route, over real HTTP through the Remix request handler, given bodies that are not
// its form (DESIGN.md "Rules", issue 11 "Bad input", ADR 013): an empty body where fields are
// required, JSON, text/plain, a multipart body cut in the middle, bytes that are not UTF-8 (raw
// and %-escaped), no Content-Type, another charset, an unknown intent, a field sent twice, a
// forged honeypot. Each answers 4xx in the page's language (Spanish here), logs no error and no
// stack trace, and leaves every table as it was. The routes come from the files in app/routes
// that export an action, so a new action route fails here until it has a form in tests/routes.ts.
import { afterAll, beforeAll, beforeEach, expect, test, vi } from 'vitest'
import { resources } from '#app/locales/index.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { type logger as Logger } from '#app/utils/logger.server.ts'
import { CLIENT_IP_HEADER, startAppServer, type AppServer } from '#tests/http.ts'
import { actionRoutes, type Fields, type FormFixture as Fixture, setUpRoutes, type Who } from '#tests/routes.ts'
import { databaseFingerprint } from '#tests/utils.ts'

// The offline stand-in checkout page exists only in offline payments mode (ADR 008): set before
// any module reads the environment, here and in the app.
vi.hoisted(() => {
  process.env.STRIPE_OFFLINE = 'true'
})

// Made in beforeAll (tests/routes.ts: the one inventory of routes and their forms).
let app: AppServer
let cookies: Record<Who, string>
let FIXTURES: Record<string, Fixture> = {}

// ---------------------------------------------------------------------------------------------
// The bodies

const URLENCODED = 'application/x-www-form-urlencoded'
const BOUNDARY = '----aula-test-boundary-7MA4YWxkTrZu0gW'
const encoder = new TextEncoder()

type Case = { label: string; contentType: string | null; body: Uint8Array; status?: number }

function multipart(fields: Fields): Uint8Array {
  const parts = fields.map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  return encoder.encode(`${parts.join('')}--${BOUNDARY}--\r\n`)
}

function casesFor(fixture: Fixture): Case[] {
  const fields = fixture.form()
  const urlencoded = new URLSearchParams(fields).toString()
  const cases: Case[] = []
  if (fixture.required) cases.push({ label: 'an empty body', contentType: URLENCODED, body: new Uint8Array() })
  cases.push(
    {
      label: 'a JSON body',
      contentType: 'application/json',
      body: encoder.encode(JSON.stringify(Object.fromEntries(fields))),
      status: 415,
    },
    {
      label: 'a text/plain body',
      contentType: 'text/plain;charset=UTF-8',
      body: encoder.encode(fields.map(([k, v]) => `${k}=${v}`).join('\r\n')),
      status: 415,
    },
    { label: 'a form with no Content-Type', contentType: null, body: encoder.encode(urlencoded || 'a=b'), status: 415 },
    {
      label: 'a form in another charset',
      contentType: `${URLENCODED}; charset=ISO-8859-1`,
      body: encoder.encode(urlencoded),
      status: 415,
    },
  )
  // Cut in the middle of a field: no closing boundary.
  const whole = multipart([...fields, ['note', 'x'.repeat(200)]])
  cases.push({
    label: 'a multipart body cut in the middle',
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: whole.slice(0, whole.length - 120),
    status: 400,
  })
  cases.push({
    label: 'a multipart body without its boundary',
    contentType: 'multipart/form-data',
    body: whole,
    status: 400,
  })
  const prefix = urlencoded ? `${urlencoded}&` : ''
  cases.push({
    label: 'bytes that are not UTF-8',
    contentType: URLENCODED,
    body: new Uint8Array([...encoder.encode(`${prefix}note=`), 0xff, 0xfe, 0x41]),
    status: 400,
  })
  cases.push({
    label: '%-escapes that are not UTF-8',
    contentType: URLENCODED,
    body: encoder.encode(`${prefix}note=%FF%E0%A4`),
    status: 400,
  })
  cases.push({
    label: 'a multipart field that is not UTF-8',
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: multipartWithBadBytes(fields),
    status: 400,
  })
  if (fields.some(([name]) => name === 'intent')) {
    const other = fields.map(([name, value]): [string, string] => [name, name === 'intent' ? 'drop-everything' : value])
    cases.push({
      label: 'an unknown intent',
      contentType: URLENCODED,
      body: encoder.encode(new URLSearchParams(other).toString()),
      status: 400,
    })
  }
  if (fixture.repeat) {
    const value = fields.find(([name]) => name === fixture.repeat)![1]
    cases.push({
      label: `the field "${fixture.repeat}" sent twice`,
      contentType: URLENCODED,
      body: encoder.encode(new URLSearchParams([...fields, [fixture.repeat, value]]).toString()),
      status: 400,
    })
  }
  if (fixture.honeypot) {
    const forged = new URLSearchParams([
      ...fields,
      ['name__confirm', ''],
      ['from__confirm', 'not-an-encrypted-timestamp'],
    ]).toString()
    cases.push({
      label: 'a forged honeypot timestamp',
      contentType: URLENCODED,
      body: encoder.encode(forged),
      status: 400,
    })
    const filled = new URLSearchParams([...fields, ['name__confirm', 'I am a bot']]).toString()
    cases.push({ label: 'a filled honeypot', contentType: URLENCODED, body: encoder.encode(filled), status: 400 })
  }
  return cases
}

function multipartWithBadBytes(fields: Fields): Uint8Array {
  const head = encoder.encode(
    fields
      .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`,
  )
  return new Uint8Array([...head, 0xc3, 0x28, 0xff, ...encoder.encode(`\r\n--${BOUNDARY}--\r\n`)])
}

// ---------------------------------------------------------------------------------------------
// What the answer must say

/** The Spanish and English texts of every error message: validation, error pages, `errors` and `*.invalid` keys. */
function errorMessages(lang: Lang): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (node: unknown, key: string, errorish: boolean) => {
    if (typeof node === 'string') {
      if (errorish || /\.invalid$/.test(key)) out.set(key, node)
      return
    }
    if (!node || typeof node !== 'object') return
    for (const [part, child] of Object.entries(node))
      walk(child, key.endsWith(':') ? `${key}${part}` : `${key}.${part}`, errorish || part === 'errors')
  }
  for (const [ns, tree] of Object.entries(resources[lang] as Record<string, unknown>))
    walk(tree, `${ns}:`, ns === 'validation')
  return out
}
const ES_ERRORS = errorMessages('es')
const EN_ERRORS = errorMessages('en')

/** The page's text as a reader sees it (the entities React writes, decoded). */
function pageText(html: string): string {
  return html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

const STACK_TRACE = /\n\s+at\s.+:\d+:\d+/

let ip = 0
async function post(fixture: Fixture, body: Uint8Array, contentType: string | null) {
  const headers: Record<string, string> = {
    Origin: app.origin,
    [CLIENT_IP_HEADER]: `198.18.${Math.floor(++ip / 250)}.${ip % 250}`,
  }
  if (contentType !== null) headers['Content-Type'] = contentType
  if (cookies[fixture.who]) headers.Cookie = cookies[fixture.who]
  const response = await fetch(`${app.origin}${fixture.path()}`, {
    method: 'POST',
    headers,
    body: Buffer.from(body),
    redirect: 'manual',
  })
  return { status: response.status, text: await response.text() }
}

/** The page as its user sees it before posting: it must be there (a 200), or a redirect for the log-out. */
async function get(fixture: Fixture): Promise<string> {
  const response = await fetch(`${app.origin}${fixture.path()}`, {
    headers: cookies[fixture.who] ? { Cookie: cookies[fixture.who] } : {},
    redirect: 'manual',
  })
  if (fixture.path().endsWith('/logout')) {
    expect(response.status).toBe(302)
    return ''
  }
  expect(response.status, `GET ${fixture.path()}`).toBe(200)
  return pageText(await response.text())
}

// What the app logs as errors: its logger as the routes use it (the module instance of the
// server's build), and the console. (Vitest restores spies after each test: set before each.)
let errorLogs: unknown[][] = []
beforeEach(async () => {
  const { logger } = await app.load<{ logger: typeof Logger }>('/app/utils/logger.server.ts')
  for (const level of ['error', 'fatal'] as const) {
    vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void errorLogs.push([level, ...args])) as never)
  }
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errorLogs.push(['console.error', ...args]))
})

beforeAll(async () => {
  app = await startAppServer()
  const world = await setUpRoutes()
  cookies = world.cookies
  FIXTURES = world.forms
}, 180_000)

afterAll(async () => {
  await app?.close()
})

test('every route file that exports an action has a fixture here', () => {
  expect(actionRoutes.length).toBeGreaterThan(15)
  expect(actionRoutes.filter((file) => !(file in FIXTURES))).toEqual([])
})

test('an error the app logs would be seen: the spy is on the logger the routes use', async () => {
  const build = await app.load<{
    entry: { module: { handleError: (error: unknown, args: { request: Request }) => void } }
  }>('virtual:remix/server-build')
  errorLogs = []
  build.entry.module.handleError(new Error('probe'), { request: new Request(`${app.origin}/es`) })
  expect(errorLogs.map(([level]) => level)).toEqual(['error'])
  errorLogs = []
})

for (const file of actionRoutes) {
  test(`${file}: bodies that are not its form answer 4xx in Spanish, log nothing and change nothing`, async () => {
    const fixture = FIXTURES[file]
    if (!fixture) throw new Error(`${file} has no form in tests/routes.ts`)
    // The page as it is (a lesson's first view records it: done before the snapshot).
    const baseline = fixture.machine ? '' : await get(fixture)
    const before = await databaseFingerprint()
    for (const c of casesFor(fixture)) {
      errorLogs = []
      const { status, text } = await post(fixture, c.body, c.contentType)
      const label = `${file}, ${c.label}`
      expect(status, `${label}: status`).toBeGreaterThanOrEqual(400)
      expect(status, `${label}: status`).toBeLessThan(500)
      if (c.status && !fixture.machine) expect(status, `${label}: status`).toBe(c.status)
      expect(errorLogs, `${label}: logged`).toEqual([])
      expect(STACK_TRACE.test(text), `${label}: a stack trace in the answer`).toBe(false)
      if (!fixture.machine) {
        const page = pageText(text)
        expect(page, `${label}: the page's language`).toContain('<html lang="es"')
        const shown = [...ES_ERRORS].filter(([, message]) => page.includes(message) && !baseline.includes(message))
        expect(
          shown.map(([key]) => key),
          `${label}: no Spanish error message on the page`,
        ).not.toEqual([])
        for (const [key] of shown) {
          const english = EN_ERRORS.get(key)!
          if (english !== ES_ERRORS.get(key)) expect(page, `${label}: "${key}" also in English`).not.toContain(english)
        }
      }
      expect(await databaseFingerprint(), `${label}: the database changed`).toEqual(before)
    }
  }, 120_000)
}
