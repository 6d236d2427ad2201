// Helpers for integration tests: factories, a signed-in cookie, requests, the job queue and the
// mail outbox.
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type AppLoadContext } from '@remix-run/node'
import { expect } from 'vitest'
import { hashPassword } from '#app/accounts/password.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { CONVENTIONS, formatNumMarkup } from '#app/content/numbers.ts'
import { runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { lessonIds } from '#app/progress/progress.server.ts'
import { conventionFor } from '#app/quizzes/numbers.ts'
import { prisma, sqlEvents } from '#app/utils/db.server.ts'
import { honeypotInputProps } from '#app/utils/honeypot.server.ts'
import { LANGS, type Lang } from '#app/utils/i18n.ts'
import { sessionCookie, SESSION_TTL_MS } from '#app/utils/session.server.ts'

export const ORIGIN = 'http://localhost:3000'
export const TEST_PASSWORD = 'correct horse battery'

let cachedHash: Promise<string> | undefined

export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.org`
}

export async function createUser(
  overrides: Partial<{
    email: string
    role: 'learner' | 'trainer' | 'admin'
    verified: boolean
    displayName: string
    certificateName: string
    country: string
    preferredLocale: Lang
  }> = {},
) {
  cachedHash ??= hashPassword(TEST_PASSWORD)
  return prisma.user.create({
    data: {
      email: overrides.email ?? uniqueEmail(),
      displayName: overrides.displayName ?? 'Test Person',
      certificateName: overrides.certificateName ?? 'Test Person',
      country: overrides.country ?? 'CO',
      organisation: 'DANE',
      organisationType: 'national_statistical_office',
      preferredLocale: overrides.preferredLocale ?? 'es',
      role: overrides.role ?? 'learner',
      emailVerifiedAt: overrides.verified === false ? null : new Date(),
      password: { create: { hash: await cachedHash } },
    },
    select: { id: true, email: true, role: true },
  })
}

/**
 * Makes the user a trainer of these courses, as an administrator would in the console: straight in
 * the database, without the audit event (a course's row is made if the file has none yet).
 */
export async function assignCourses(userId: string, courseIds: string[]) {
  await prisma.course.createMany({ data: courseIds.map((id) => ({ id })), skipDuplicates: true })
  await prisma.courseTrainer.createMany({
    data: courseIds.map((courseId) => ({ courseId, userId })),
    skipDuplicates: true,
  })
}

/** The password of `signupFields`. */
export const SIGNUP_PASSWORD = 'una frase larga y segura'

/** A sign-up form that passes (consent given): a test overrides the fields it is about. */
export function signupFields(email: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    displayName: 'Ana Pérez',
    certificateName: 'Ana María Pérez',
    email,
    password: SIGNUP_PASSWORD,
    confirmPassword: SIGNUP_PASSWORD,
    country: 'CO',
    organisation: 'DANE',
    organisationType: 'national_statistical_office',
    preferredLocale: 'es',
    consent: 'on',
    ...overrides,
  }
}

/**
 * Enrols the user and records everything but the course's last lesson done and every quiz the
 * certificate needs passed (attempts in `locale`), straight in the database. Returns the last
 * lesson's id (`module/lesson`): completing it earns the certificate.
 */
export async function nearlyComplete(userId: string, course: ManifestCourse, locale: Lang = 'en'): Promise<string> {
  await prisma.enrolment.create({ data: { userId, courseId: course.id, source: 'free' }, select: { id: true } })
  const ids = lessonIds(course)
  await prisma.lessonProgress.createMany({
    data: ids.slice(0, -1).map((lessonId) => ({ userId, courseId: course.id, lessonId, completedAt: new Date() })),
  })
  for (const quizId of course.certificate.quizzes) {
    await prisma.quizAttempt.create({
      data: {
        userId,
        courseId: course.id,
        quizId,
        quizVersion: 'test',
        locale,
        answers: {},
        results: {},
        score: 100,
        passed: true,
      },
      select: { id: true },
    })
  }
  return ids.at(-1)!
}

/**
 * Counts the queries Prisma and sqlRows send: the function it returns runs a request, expects a 200
 * (or `status`), and gives the number of queries the request made (to compare few rows with many).
 */
export function queryCounter(): (run: () => Promise<{ status: number }>, status?: number) => Promise<number> {
  let queries = 0
  // Prisma's statements and the hand-written ones sent without it (sqlRows, sqlTransaction).
  prisma.$on('query', () => queries++)
  sqlEvents.on('query', () => queries++)
  return async (run, status = 200) => {
    queries = 0
    expect((await run()).status).toBe(status)
    return queries
  }
}

/** A Session row for the user and the Cookie header that carries it. */
export async function loginCookie(userId: string): Promise<string> {
  const session = await prisma.session.create({
    data: { userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
    select: { id: true },
  })
  const setCookie = await sessionCookie().serialize(session.id)
  return setCookie.split(';')[0]!
}

export function context(overrides: Partial<AppLoadContext> = {}): AppLoadContext {
  return {
    cspNonce: 'test',
    requestId: 'test',
    clientIp: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    // As a client-side navigation's data request: loaders send static HTML in their data.
    documentRequest: false,
    staticHtml: new Map(),
    ...overrides,
  }
}

export function getRequest(pathname: string, cookie?: string) {
  return new Request(`${ORIGIN}${pathname}`, { headers: cookie ? { Cookie: cookie } : {} })
}

/** The public forms that carry a honeypot (app/utils/honeypot.server.ts). */
const HONEYPOT_FORM = /^\/(en|es)\/(login|signup|forgot-password|verify)$/

/** The honeypot's two hidden fields as the form's page renders them (an empty trap, a time stamp). */
export function honeypotFields(): Record<string, string> {
  const props = honeypotInputProps()
  return { [props.nameFieldName]: '', [props.validFromFieldName!]: props.encryptedValidFrom }
}

/**
 * A form POST. To a public form with a honeypot it adds the honeypot's fields, as the page's form
 * sends them, unless the test sends its own (tests/integration/honeypot.test.ts sends none or forged ones).
 */
export function postRequest(pathname: string, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams()
  const honeypot = HONEYPOT_FORM.test(pathname) ? honeypotFields() : {}
  for (const [key, value] of Object.entries({ ...honeypot, ...fields })) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
  }
  return new Request(`${ORIGIN}${pathname}`, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  })
}

/**
 * Runs a loader/action and returns a Response whatever it returned or threw; then runs the jobs
 * it queued (mail, certificates, imports), as a node's job runner does the moment they commit.
 * Call the loader or action directly to look at the moment in between.
 */
export async function settle(
  run: () => Promise<unknown>,
): Promise<{ status: number; headers: Headers; data: unknown }> {
  try {
    return normalise(await run())
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, data: await thrown.text() }
    // A thrown data(...) is a response too; anything else (an Error) would be a 500: rethrow it.
    if (isDataWithResponseInit(thrown)) return normalise(thrown)
    throw thrown
  } finally {
    await runDueJobs()
  }
}

type Params = Readonly<Record<string, string | undefined>>
type Route<P> = (args: { request: Request; params: P; context: AppLoadContext }) => Promise<unknown>

/** A form POST to a route's action (or loader), settled: the Response, then the jobs it queued ran. */
export function submit<P extends Params>(
  route: Route<P>,
  params: P,
  pathname: string,
  fields: Record<string, string | string[]>,
  cookie?: string,
) {
  return settle(() => route({ request: postRequest(pathname, fields, cookie), params, context: context() }))
}

/** A GET of a route's loader, settled (see settle). */
export function visit<P extends Params>(route: Route<P>, params: P, pathname: string, cookie?: string) {
  return settle(() => route({ request: getRequest(pathname, cookie), params, context: context() }))
}

/** Runs the jobs that are due, if any (most requests queue none: skip the runner then). */
export async function runDueJobs() {
  const [due] = await prisma.$queryRaw<[{ any: boolean }]>`
    SELECT EXISTS (SELECT 1 FROM graphile_worker._private_jobs WHERE is_available AND run_at <= now()) AS any`
  if (due?.any) await runJobsUntilIdle()
}

export type QueuedJob = {
  id: string
  task: string
  payload: Record<string, unknown>
  attempts: number
  maxAttempts: number
  lastError: string | null
  runAt: Date
  key: string | null
  lockedBy: string | null
}

/** The jobs in the queue (graphile-worker's tables), oldest first: waiting, failing or given up. */
export async function queuedJobs(task?: string): Promise<QueuedJob[]> {
  return prisma.$queryRaw<QueuedJob[]>`
    SELECT j.id::text, t.identifier AS task, j.payload, j.attempts, j.max_attempts AS "maxAttempts", j.last_error AS "lastError",
           j.run_at AS "runAt", j.key, j.locked_by AS "lockedBy"
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE ${task ?? null}::text IS NULL OR t.identifier = ${task ?? null}::text
    ORDER BY j.id`
}

/** As if time had passed: every job waiting for a retry (or scheduled later) is due now. */
export async function makeJobsDue() {
  await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE locked_at IS NULL AND attempts < max_attempts`
}

function isDataWithResponseInit(value: unknown): boolean {
  return Boolean(
    value &&
    typeof value === 'object' &&
    'type' in value &&
    (value as { type: string }).type === 'DataWithResponseInit',
  )
}

function normalise(value: unknown): { status: number; headers: Headers; data: unknown } {
  if (value instanceof Response) return { status: value.status, headers: value.headers, data: null }
  // Remix's data() returns { type: 'DataWithResponseInit', data, init }
  if (isDataWithResponseInit(value)) {
    const v = value as unknown as { data: unknown; init: ResponseInit | null }
    return { status: v.init?.status ?? 200, headers: new Headers(v.init?.headers), data: v.data }
  }
  return { status: value === undefined ? -1 : 200, headers: new Headers(), data: value }
}

export type OutboxMail = { to: string; subject: string; text: string; html: string }

export function readOutbox(to: string): OutboxMail[] {
  const dir = process.env.OUTBOX_DIR!
  let files: string[] = []
  try {
    files = readdirSync(dir).sort()
  } catch {
    return []
  }
  return files
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as OutboxMail)
    .filter((mail) => mail.to === to)
}

export function linkFrom(mail: OutboxMail): URL {
  const match = mail.text.match(/https?:\/\/\S+/)
  if (!match) throw new Error(`no link in mail "${mail.subject}"`)
  return new URL(match[0])
}

/**
 * A fingerprint of every table (all but RateLimit, whose counters move on every attempt by design,
 * and Prisma's migration history) and of the job queue (a refused request must queue nothing):
 * compare it before and after to prove a request changed nothing. Each table's row count and an
 * MD5 of its rows, so a changed column (an updatedAt) shows too.
 */
export async function databaseFingerprint(): Promise<Record<string, string>> {
  const tables = await prisma.$queryRaw<Array<{ name: string }>>`
    SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE'
      AND ((table_schema = 'public' AND table_name NOT IN ('RateLimit', '_prisma_migrations'))
        OR (table_schema = 'graphile_worker' AND table_name = '_private_jobs'))
    ORDER BY 1`
  const entries = await Promise.all(
    tables.map(async ({ name }) => {
      // (Names from the catalogue, quoted by format('%I').) A content blob is its key, the SHA-256 of
      // its bytes, which are never updated: its row is not read whole (megabytes, on every call).
      const row = name === 'public."ContentBlob"' ? `t.sha256 || ':' || t.size` : 't::text'
      const rows = await prisma.$queryRawUnsafe<Array<{ digest: string | null; count: bigint }>>(
        `SELECT md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS digest, count(*) AS count FROM ${name} t`,
      )
      return [name, `${rows[0]!.count}:${rows[0]!.digest}`] as const
    }),
  )
  return Object.fromEntries(entries)
}

/** A Set-Cookie header's attributes, lower case (`secure`, `httponly`, `samesite=lax`, …). */
export function cookieAttributes(setCookie: string | undefined): string[] {
  if (!setCookie) throw new Error('no such cookie was set')
  return setCookie
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase())
}

/**
 * A quiz text as the test learner reads it: <Num /> markup in the convention of createUser's default
 * country, Colombia (ADR 030).
 */
export function shownToTestLearner(text: string, lang: Lang): string {
  return formatNumMarkup(text, lang, conventionFor(lang, 'CO'))
}

/** A bilingual quiz text as written and as shown in every number convention (for leak checks). */
export function inEveryConvention(text: { en: string; es: string }): string[] {
  return LANGS.flatMap((lang) => [text[lang], ...CONVENTIONS.map((c) => formatNumMarkup(text[lang], lang, c))])
}
