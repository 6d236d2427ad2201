// Shared helpers for the end-to-end tests: the demo accounts, signing in over HTTP, the mail
// outbox, and axe. Imported by the spec files instead of '@playwright/test'.
import { createHmac, randomUUID } from 'node:crypto'
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

/** What tells one spec's own learner from another's: the rest has the defaults of `createLearner`. */
export type NewLearner = {
  /** The start of the id (and of the e-mail address), e.g. `e2e-notes`: a random suffix follows. */
  prefix: string
  displayName: string
  certificateName: string
  country?: string
  organisation?: string
  locale?: 'en' | 'es'
  /** A course to enrol them in for free (the enrolment takes the learner's id). */
  enrolIn?: string
}

/**
 * A verified learner of a spec's own, with the demo learner's password (so `logIn` works), so the
 * demo accounts stay as they are: a national statistical office in Colombia, Spanish, unless told.
 */
export async function createLearner({
  prefix,
  displayName,
  certificateName,
  country = 'CO',
  organisation = 'DANE',
  locale = 'es',
  enrolIn,
}: NewLearner): Promise<{ id: string; email: string }> {
  const id = `${prefix}-${randomUUID().slice(0, 8)}`
  const email = `${id}@example.org`
  await dbQuery(
    `INSERT INTO "User" (id, email, "emailVerifiedAt", "displayName", "certificateName", country, organisation, "organisationType", "preferredLocale", role, "updatedAt")
     VALUES ($1, $2, now(), $3, $4, $5, $6, 'national_statistical_office', $7, 'learner', now())`,
    [id, email, displayName, certificateName, country, organisation, locale],
  )
  await dbQuery(
    `INSERT INTO "Password" ("userId", hash, "updatedAt") SELECT $1, hash, now() FROM "Password" WHERE "userId" = $2`,
    [id, DEMO.learner.id],
  )
  if (enrolIn)
    await dbQuery(`INSERT INTO "Enrollment" (id, "userId", "courseId", source) VALUES ($1, $1, $2, 'free')`, [
      id,
      enrolIn,
    ])
  return { id, email }
}

/**
 * The Stripe-Signature header of a webhook payload signed now with the offline webhook secret, which a
 * server in offline mode derives from its SESSION_SECRET (app/payments/stripe.server.ts, ADR 008).
 */
export function offlineStripeSignature(sessionSecret: string, payload: string): string {
  const secret = `whsec_${createHmac('sha256', sessionSecret).update('aula-stripe-offline-webhook').digest('base64url')}`
  const timestamp = Math.floor(Date.now() / 1000)
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`
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

/** Until the page is hydrated: the client router took over the document. */
export async function waitForHydration(page: Page) {
  type RemixWindow = { __remixRouter?: { state: { initialized: boolean } } }
  await page.waitForFunction(() => (window as RemixWindow).__remixRouter?.state.initialized === true)
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
