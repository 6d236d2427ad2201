// The browser benchmark of DESIGN.md: what a learner's browser downloads and how soon the lesson
// text is on screen. A production server with its default workers (one per core) on a fresh
// PostgreSQL database (demo data), the demo learner signed in, Chromium (CHROMIUM_PATH, else the
// one from npm: tests/chromium.ts) on loopback.
//  - JavaScript shipped to a lesson page, gzipped: every script the page loads (the app's modules
//    and the UI strings script), each compressed here with gzip's default level, so the figure
//    does not depend on the server's compression settings. Budget < 150 KB.
//  - Time until the lesson text is visible on a cold load (empty cache, new browser context):
//    from the start of navigation to the largest contentful paint (the lesson's text, which is
//    server-rendered). Budget (DESIGN.md): at most 1.3× the same for a static copy of the page, in
//    the same run: the page as the server sent it to the learner, without its scripts, served as a
//    file by a plain static server with the same stylesheets and fonts (build/client) and the page's
//    policy headers (ADR 027 §17); the same copy without those headers is reported beside it.
//  - The same on a warm load (scripts and strings from the browser's cache).
import { type Server } from 'node:http'
import { type AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type BrowserContext } from '@playwright/test'
import express from 'express'
import { resolveChromium } from '#tests/chromium.ts'
import { seedDemoAccounts } from '#tests/production-server.ts'
import { benchDatabase, browserHeaders, logInDemo, startServer, stopServer, waitForServer } from './server.ts'

type RowFn = (benchmark: string, measure: string, value: number | string, budget?: string, ok?: boolean | null) => void

const LESSON = '/en/courses/iccs/structure/the-eleven-sections'

export async function browser(options: {
  root: string
  server: string
  port: number
  secret: string
  keyFile: string
  row: RowFn
}) {
  const { root, server, port, secret, keyFile, row } = options
  const db = `aula_bench_browser_${process.pid}`
  const { url, drop } = await benchDatabase(server, db)
  await seedDemoAccounts(url.toString())
  // The production default: one worker per core (server/index.ts), as a learner's server runs.
  const workers = availableParallelism()
  const child = startServer({
    root,
    port,
    databaseUrl: url.toString(),
    secret,
    keyFile,
    env: { WEB_CONCURRENCY: String(workers) },
  })
  const { executablePath, env } = await resolveChromium()
  const chrome = await chromium.launch({ executablePath, env })
  let staticServer: Server | undefined
  try {
    const base = `http://127.0.0.1:${port}`
    await waitForServer(`${base}/healthz`, child)
    const session = await logInDemo(base)
    const cookie = {
      name: 'aula_session',
      value: session.slice('aula_session='.length),
      domain: '127.0.0.1',
      path: '/',
    }

    // Warm the server (first render of each route compiles nothing, but fills caches).
    for (let i = 0; i < 20; i++)
      await fetch(`${base}${LESSON}`, { headers: browserHeaders(`aula_session=${cookie.value}`) })

    // What a cold load downloads.
    const context = await chrome.newContext()
    await context.addCookies([cookie])
    const scripts = new Map<string, number>()
    const page = await context.newPage()
    page.on('response', async (response) => {
      const type = response.request().resourceType()
      if (type !== 'script') return
      const body = await response.body().catch(() => null)
      if (body) scripts.set(response.url(), gzipSync(body).length)
    })
    await page.goto(`${base}${LESSON}`, { waitUntil: 'networkidle' })
    if (!(await page.locator('article h1').isVisible())) throw new Error('the lesson did not render')
    // Hydrated: a client-side navigation works (the app and its strings loaded).
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter))
    await context.close()
    const totalKb = [...scripts.values()].reduce((n, size) => n + size, 0) / 1024
    const strings = [...scripts.entries()].find(([src]) => src.includes('/i18n/'))
    row('browser', 'server workers (the production default: one per core)', workers)
    row('browser', 'scripts loaded by a lesson page', scripts.size)
    row('browser', 'JavaScript, gzipped KB (all scripts)', Math.round(totalKb), '< 150', totalKb < 150)
    row('browser', 'of which UI strings, gzipped KB', strings ? Math.round(strings[1] / 1024) : 'none')

    // The static copy: the signed-in page as the server sends it, its scripts taken out. Served
    // twice: with the page's own response policy headers (what the budget compares against: a
    // static server in front of Aula would send the same security policy), and bare.
    const response = await fetch(`${base}${LESSON}`, { headers: browserHeaders(`aula_session=${cookie.value}`) })
    const sent = await response.text()
    staticServer = await serveStaticCopy(
      withoutScripts(sent),
      path.join(root, 'build', 'client'),
      policyHeaders(response),
    )
    const copyBase = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}`
    const copy = `${copyBase}/lesson.html`
    const bareCopy = `${copyBase}/bare/lesson.html`

    // Time to the lesson text: the median of several cold and warm loads, cold loads of the page and
    // of its static copies taken in turn.
    const cold: number[] = []
    const coldCopy: number[] = []
    const coldBare: number[] = []
    const warm: number[] = []
    for (let i = 0; i < 7; i++) {
      cold.push(await textVisibleMs(await fresh(chrome, cookie), `${base}${LESSON}`, true))
      coldCopy.push(await textVisibleMs(await fresh(chrome, cookie), copy, true))
      coldBare.push(await textVisibleMs(await fresh(chrome, cookie), bareCopy, true))
    }
    const shared = await fresh(chrome, cookie)
    await textVisibleMs(shared, `${base}${LESSON}`, false)
    for (let i = 0; i < 7; i++) warm.push(await textVisibleMs(shared, `${base}${LESSON}`, false))
    await shared.close()
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
    row('browser', 'lesson text visible, cold load, median of 7 (ms)', Math.round(median(cold)))
    row(
      'browser',
      "static copy (no scripts, a file, the page's policy headers), cold load, median of 7 (ms)",
      Math.round(median(coldCopy)),
    )
    const ratio = median(cold) / median(coldCopy)
    row('browser', 'cold load / static copy', `${ratio.toFixed(2)}×`, '≤ 1.3×', ratio <= 1.3)
    row('browser', 'bare static copy (no policy headers), cold load, median of 7 (ms)', Math.round(median(coldBare)))
    row('browser', 'cold load / bare static copy', `${(median(cold) / median(coldBare)).toFixed(2)}×`)
    row('browser', 'lesson text visible, warm load, median of 7 (ms)', Math.round(median(warm)))
  } finally {
    await new Promise((resolve) => (staticServer ? staticServer.close(resolve) : resolve(null)))
    await chrome.close()
    await stopServer(child)
    await drop()
  }
}

async function fresh(
  chrome: Awaited<ReturnType<typeof chromium.launch>>,
  cookie: { name: string; value: string; domain: string; path: string },
) {
  const context = await chrome.newContext()
  await context.addCookies([cookie])
  return context
}

/**
 * Milliseconds from navigation start until the lesson text is painted: the largest contentful
 * paint (the lesson's text, server-rendered), read once the page has loaded.
 */
async function textVisibleMs(context: BrowserContext, url: string, closeAfter: boolean): Promise<number> {
  const page = await context.newPage()
  await page.goto(url, { waitUntil: 'load' })
  await page.locator('article h1').waitFor({ state: 'visible' })
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries()
          resolve(entries.at(-1)?.startTime ?? Number.POSITIVE_INFINITY)
        }).observe({ type: 'largest-contentful-paint', buffered: true })
        setTimeout(() => resolve(Number.POSITIVE_INFINITY), 5000)
      }),
  )
  await page.close()
  if (closeAfter) await context.close()
  if (!Number.isFinite(ms)) throw new Error('no largest contentful paint recorded for the lesson page')
  return ms
}

/**
 * The response policy headers of a page (security policies, among them Cross-Origin-Opener-Policy,
 * which makes Chromium put the page in a browsing context group of its own: a new renderer process
 * when a new tab's first page opens, ~100 ms here, ADR 027 §17); not how the bytes travelled, the
 * session or the caching.
 */
function policyHeaders(response: Response): Record<string, string> {
  const transport = new Set([
    'cache-control',
    'connection',
    'content-encoding',
    'content-length',
    'content-type',
    'date',
    'keep-alive',
    'set-cookie',
    'transfer-encoding',
    'vary',
    'x-request-id',
  ])
  return Object.fromEntries([...response.headers].filter(([name]) => !transport.has(name)))
}

/** A page's markup without its scripts: no <script> element, no module preload. */
function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '').replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, '')
}

/**
 * A plain static file server on a free port (Express's `express.static`, as the app serves
 * build/client): /lesson.html is the copy with the page's policy headers, /bare/lesson.html the copy
 * without them, every other path a file of build/client (the stylesheets and fonts the page asks
 * for), else 404.
 */
async function serveStaticCopy(html: string, clientDir: string, headers: Record<string, string>): Promise<Server> {
  const app = express()
  app.disable('x-powered-by')
  app.get('/lesson.html', (_request, response) => response.set(headers).type('html').send(html))
  app.get('/bare/lesson.html', (_request, response) => response.type('html').send(html))
  app.use(express.static(clientDir, { index: false }))
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server))
  })
}
