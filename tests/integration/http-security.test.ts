// Headers and origins over real HTTP (issue 14, defects 5 and 10): pages rendered for a signed-in
// person are never stored by a cache, every page varies by the cookie; a mutation from another
// origin (scheme included) is refused; a forged Host header never reaches an absolute link; a 429
// carries Retry-After.
import http from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { env } from '#app/utils/env.server.ts'
import { RATE_LIMITS } from '#app/utils/rate-limit.server.ts'
import { CLIENT_IP_HEADER, startAppServer, type AppServer } from '#tests/http.ts'
import {
  createUser,
  honeypotFields,
  linkFrom,
  loginCookie,
  readOutbox,
  runDueJobs,
  TEST_PASSWORD,
} from '#tests/utils.ts'

let app: AppServer
const cookies = { learner: '', trainer: '', admin: '' }
beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
  app = await startAppServer()
  for (const role of ['learner', 'trainer', 'admin'] as const) {
    cookies[role] = await loginCookie((await createUser({ role, preferredLocale: 'en' })).id)
  }
})
afterAll(async () => {
  await app?.close()
})

const get = (path: string, cookie = '') =>
  fetch(`${app.origin}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })

const SIGNED_IN_PAGES: Array<[path: string, role: keyof typeof cookies]> = [
  ['/en/dashboard', 'learner'],
  ['/es/account', 'learner'],
  ['/en/courses', 'learner'],
  ['/en', 'learner'],
  ['/en/teach', 'trainer'],
  ['/en/admin', 'admin'],
  ['/es/admin/people', 'admin'],
  ['/en/admin/audit', 'admin'],
]

test('every page rendered for a signed-in person, and its data, is sent with Cache-Control: no-store and Vary: Cookie', async () => {
  for (const [path, role] of SIGNED_IN_PAGES) {
    const page = await get(path, cookies[role])
    expect(page.status, path).toBe(200)
    expect(page.headers.get('Cache-Control'), path).toBe('no-store')
    expect(page.headers.get('Vary') ?? '', path).toMatch(/\bCookie\b/i)
    // The same page's data, as the client fetches it on navigation (single fetch).
    const data = await get(`${path}.data`, cookies[role])
    expect(data.status, `${path}.data`).toBe(200)
    expect(data.headers.get('Cache-Control'), `${path}.data`).toBe('no-store')
  }
})

test('a signed-out page is not marked no-store, but varies by the cookie', async () => {
  for (const path of ['/en', '/es/courses', '/en/login']) {
    const page = await get(path)
    expect(page.status, path).toBe(200)
    // The layout's own header (the language cookie) is still sent beside them.
    expect(page.headers.get('Set-Cookie') ?? '', path).toMatch(/lang/)
    expect(page.headers.get('Cache-Control') ?? '', path).not.toContain('no-store')
    expect(page.headers.get('Vary') ?? '', path).toMatch(/\bCookie\b/i)
  }
})

/** A log-out (a mutation anyone signed in may send) with the given Origin; the status says whether it got through. */
async function logoutFrom(origin: string | null, extra: Record<string, string> = {}) {
  const cookie = await loginCookie((await createUser()).id)
  const response = await fetch(`${app.origin}/en/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Cookie: cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(origin === null ? {} : { Origin: origin }),
      ...extra,
    },
    body: '',
  })
  return response.status
}

test('a mutation from another origin is refused (403): another host, another port, or the same host on another scheme', async () => {
  const own = new URL(app.origin)
  const appUrl = new URL(env().APP_URL)
  expect(await logoutFrom('http://evil.example')).toBe(403)
  expect(await logoutFrom(`http://${own.hostname}:1`)).toBe(403)
  // Same host and port, other scheme: an http page must not post to the https site (and the reverse).
  expect(await logoutFrom(`https://${own.host}`)).toBe(403)
  expect(await logoutFrom(`https://${appUrl.host}`)).toBe(403)
  expect(await logoutFrom('null')).toBe(403)
  expect(await logoutFrom(null, { 'Sec-Fetch-Site': 'cross-site' })).toBe(403)
  // The site's own origin gets through (outside production: the address it was opened at; in
  // production only APP_URL's origin, which is then also the Host).
  expect(await logoutFrom(own.origin)).toBe(302)
  expect(await logoutFrom(null)).toBe(302)
})

/** A request with a Host header of our choosing (fetch does not let one set it). */
function requestWithHost(
  path: string,
  host: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const { port } = new URL(app.origin)
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(port),
        path,
        method: options.method ?? 'GET',
        headers: { Host: host, ...options.headers },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

test('a forged Host header never reaches an absolute link: pages and mails use APP_URL', async () => {
  const evil = 'evil.example'
  const page = await requestWithHost('/en/courses', evil)
  expect(page.status).toBe(200)
  expect(page.body).toContain(`href="${env().APP_URL}/es/courses"`)
  expect(page.body).not.toContain(evil)

  const user = await createUser({ preferredLocale: 'en' })
  const body = new URLSearchParams({ email: user.email, ...honeypotFields() }).toString()
  const forgot = await requestWithHost('/en/forgot-password', evil, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': String(Buffer.byteLength(body)),
    },
  })
  expect(forgot.status).toBe(200)
  await runDueJobs()
  const [mail] = readOutbox(user.email)
  expect(mail).toBeDefined()
  expect(linkFrom(mail!).origin).toBe(env().APP_URL)
  expect(mail!.text + mail!.html).not.toContain(evil)
})

test('a refused log-in (429) carries Retry-After over HTTP, on the page and on its data request', async () => {
  const user = await createUser()
  const client = '198.51.100.150'
  const attempt = (password: string, path = '/en/login') =>
    fetch(`${app.origin}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', [CLIENT_IP_HEADER]: client },
      body: new URLSearchParams({ email: user.email, password, ...honeypotFields() }).toString(),
    })
  for (let i = 1; i <= RATE_LIMITS.loginPerAccountAndIp.limit; i++) {
    expect((await attempt(`wrong ${i}`)).status).toBe(400)
  }
  for (const path of ['/en/login', '/en/login.data']) {
    const refused = await attempt(TEST_PASSWORD, path)
    expect(refused.status, path).toBe(429)
    const retryAfter = Number(refused.headers.get('Retry-After'))
    expect(retryAfter, path).toBeGreaterThan(0)
    expect(retryAfter, path).toBeLessThanOrEqual(RATE_LIMITS.loginPerAccountAndIp.windowSeconds)
  }
})
