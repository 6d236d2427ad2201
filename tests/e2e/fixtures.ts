// Shared helpers for the end-to-end tests: the demo accounts, signing in over HTTP, the mail
// outbox, and axe. Imported by the spec files instead of '@playwright/test'.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type APIRequestContext, type APIResponse, type Page } from '@playwright/test'
import pg from 'pg'
import { hiddenFields } from './cluster.ts'
import { e2eDatabaseUrl, serverDirs, type ServerName } from './paths.ts'

export { expect }

export const DEMO_PASSWORD = 'aula-demo-2026'
export const DEMO = {
  admin: { id: 'demo-admin', email: 'admin@aula.example', displayName: 'Ana Administradora' },
  trainer: { id: 'demo-trainer', email: 'trainer@aula.example', displayName: 'Tom Trainer' },
  learner: { id: 'demo-learner', email: 'learner@aula.example', displayName: 'José Ñúñez' },
} as const
export type DemoRole = keyof typeof DEMO

/** One SQL statement on the "postgres" server's database (test setup and checks). */
export async function dbQuery<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() })
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}

/** The `Set-Cookie` headers of a response, one string each. */
export function setCookies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === 'set-cookie')
    .map((header) => header.value)
}

/** `name=value` of the session cookie a response sets, if it sets one. */
export function sessionCookieFrom(response: APIResponse): string | undefined {
  const header = setCookies(response).find((value) => value.startsWith('aula_session='))
  return header?.split(';')[0]
}

/** The log-in form's hidden fields (its honeypot) as the page renders them: a form without them is a bot's. */
export async function loginFormFields(request: APIRequestContext): Promise<Record<string, string>> {
  const page = await request.get('/en/login', { headers: { Cookie: '' } })
  return hiddenFields(await page.text(), 'login')
}

/**
 * Logs in through the real form action (POST /en/login) with no cookie at all, as a fresh
 * browser would, and returns the session cookie as a `Cookie` header value.
 */
export async function logIn(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await request.post('/en/login', {
    form: { ...(await loginFormFields(request)), email, password },
    headers: { Cookie: '' },
    maxRedirects: 0,
  })
  expect(response.status(), `log in as ${email}`).toBe(302)
  expect(response.headers().location).toBe('/en/dashboard')
  const cookie = sessionCookieFrom(response)
  expect(cookie, `session cookie for ${email}`).toBeTruthy()
  return cookie!
}

/** Signs the browser page in as a demo account: page.request shares the page's cookie jar. */
export async function logInPage(page: Page, role: DemoRole): Promise<void> {
  await logIn(page.request, DEMO[role].email)
  const cookies = await page.context().cookies()
  expect(
    cookies.map((cookie) => cookie.name),
    'session cookie stored in the browser',
  ).toContain('aula_session')
}

type Mail = { from: string; to: string; subject: string; text: string; html: string; date: string }

/** Waits for a mail to `to` (whose subject matches, if given) in a server's outbox folder and returns the newest one. */
export async function waitForMail(
  server: ServerName,
  to: string,
  { timeout = 15_000, subject }: { timeout?: number; subject?: RegExp } = {},
): Promise<Mail> {
  const dir = serverDirs(server).outbox
  const deadline = Date.now() + timeout
  for (;;) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort()
    const mails: Mail[] = []
    for (const name of names) {
      try {
        mails.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Mail)
      } catch {
        // still being written
      }
    }
    const found = mails.filter((mail) => mail.to === to && (!subject || subject.test(mail.subject))).at(-1)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`no mail to ${to} in ${dir} within ${timeout} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The first link in a mail's plain text that points at `pathname` on the server. */
export function linkIn(mail: Mail, pathname: string): URL {
  const links = mail.text.match(/https?:\/\/\S+/g) ?? []
  const link = links.map((href) => new URL(href)).find((url) => url.pathname === pathname)
  if (!link) throw new Error(`no link to ${pathname} in mail "${mail.subject}":\n${mail.text}`)
  return link
}

/** axe on the current page (WCAG 2.x A and AA); returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    // Our pages have no frames: run axe in the page itself instead of opening a second page.
    .setLegacyMode(true)
    .analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }))
}

/** Every browser page fails its test on a console error or an uncaught page error (STYLE.md, Tests). */
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await use(page)
    expect(errors, 'console errors in the browser').toEqual([])
  },
})
