// The embedded PostgreSQL killed with SIGKILL while people sign up: the app (production build,
// two cluster workers, on the embedded database) brings it back, serves again, and every sign-up
// it acknowledged is in the database afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { exportJWK, generateKeyPair } from 'jose'
import pg from 'pg'
import { CRASH_SERVER } from './paths.ts'

const PORT = CRASH_SERVER.port
const BASE = CRASH_SERVER.url
const SIGNUPS = 40
const KILL_AFTER = 10
const CONCURRENCY = 4

test.describe.configure({ mode: 'serial' })

let dir: string
let server: ChildProcess
let output = ''
/** What the sign-ups that were not acknowledged got (statuses, network errors), for the log. */
const outcomes: string[] = []

async function healthy(): Promise<{ status: number; embedded?: string }> {
  try {
    const response = await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(3000) })
    return { status: response.status, embedded: ((await response.json()) as { embedded?: string }).embedded }
  } catch {
    return { status: 0 }
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-4000)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The sign-up form's hidden fields (the honeypot and its time stamp), as a browser sends them. */
async function signupFormFields(): Promise<Record<string, string>> {
  const html = await (await fetch(`${BASE}/en/signup`)).text()
  const fields: Record<string, string> = {}
  for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1]
    if (name?.endsWith('__confirm')) fields[name] = /value="([^"]*)"/.exec(tag)?.[1]?.replaceAll('&amp;', '&') ?? ''
  }
  expect(Object.keys(fields).length).toBeGreaterThan(0)
  return fields
}

async function signUp(email: string, hidden: Record<string, string>): Promise<boolean> {
  const body = new URLSearchParams({
    ...hidden,
    displayName: 'Crash Test',
    certificateName: 'Crash Test',
    email,
    password: 'a long enough password 2026',
    confirmPassword: 'a long enough password 2026',
    country: 'CO',
    organisation: 'DANE',
    organisationType: 'national_statistical_office',
    preferredLocale: 'es',
    consent: 'on',
  })
  try {
    const response = await fetch(`${BASE}/en/signup`, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    })
    // Acknowledged: the redirect to "check your mail".
    const ok = response.status === 302 && (response.headers.get('location') ?? '').includes('verify-email')
    if (!ok) outcomes.push(String(response.status))
    return ok
  } catch (error) {
    outcomes.push((error as Error).name)
    return false
  }
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0])
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(path.join(os.tmpdir(), 'aula-crash-'))
  // The `postgres` user runs the database when the tests run as root: it must enter the folder.
  chmodSync(dir, 0o755)
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(PORT),
    APP_URL: BASE,
    EMBEDDED_DATABASE_IN_PRODUCTION: 'true',
    EMBEDDED_DB_DIR: path.join(dir, 'postgres'),
    SESSION_SECRET: 'crash-test-session-secret-0123456789',
    CREDENTIAL_SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'EdDSA' }),
    OUTBOX_DIR: path.join(dir, 'outbox'),
    WEB_CONCURRENCY: '2',
    DISABLE_RATE_LIMITS: 'true',
    LOG_LEVEL: 'warn',
  }
  delete env.DATABASE_URL
  delete env.EMBEDDED_DB_PORT
  delete env.SEED_DEMO_DATA
  delete env.SMTP_URL
  server = spawn(process.execPath, ['build/server/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await until(async () => (await healthy()).status === 200, 150_000, 'the server on the embedded database')
  console.log('[embedded-crash] the server answers')
})

test.afterAll(async () => {
  test.setTimeout(60_000)
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    const late = setTimeout(() => {
      console.error(`[embedded-crash] the server did not stop within 30 s after SIGTERM:\n${output.slice(-3000)}`)
      server.kill('SIGKILL')
    }, 30_000)
    await exited
    clearTimeout(late)
  }
  rmSync(dir, { recursive: true, force: true })
})

test('SIGKILL to the embedded PostgreSQL under load: the app recovers and keeps every acknowledged write', async () => {
  test.setTimeout(180_000)
  const hidden = await signupFormFields()
  const stamp = Date.now()
  const emails = Array.from({ length: SIGNUPS }, (_, i) => `crash-${stamp}-${i}@example.org`)
  const acknowledged: string[] = []
  let next = 0
  let killed: number | undefined
  const states = new Set<string>()
  const watcher = setInterval(() => void healthy().then((h) => h.embedded && states.add(h.embedded)), 100)
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < emails.length) {
          const email = emails[next++]!
          if (await signUp(email, hidden)) acknowledged.push(email)
          if (killed === undefined && acknowledged.length >= KILL_AFTER) {
            killed = postmasterPid()
            process.kill(killed, 'SIGKILL')
          }
        }
      }),
    )
    console.log(
      `[embedded-crash] ${acknowledged.length} of ${SIGNUPS} sign-ups acknowledged (others: ${outcomes.join(' ') || 'none'}); PostgreSQL ${killed} was killed`,
    )
    expect(killed).toBeDefined()
    await until(async () => (await healthy()).status === 200, 60_000, 'the app to recover')
  } finally {
    clearInterval(watcher)
  }
  // Supervised, not replaced by hand: a new postmaster on the same folder, and the app said so.
  expect(postmasterPid()).not.toBe(killed)
  expect([...states]).toContain('running')
  expect(output).toContain('the embedded PostgreSQL was restarted')
  // The app serves writes again.
  const after = `crash-${stamp}-after@example.org`
  expect(await signUp(after, await signupFormFields())).toBe(true)
  acknowledged.push(after)

  const password = readFileSync(path.join(dir, 'postgres', 'aula-password'), 'utf8').trim()
  const port = Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3])
  const client = new pg.Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
  })
  await client.connect()
  try {
    const { rows } = await client.query<{ email: string }>('SELECT email FROM "User" WHERE email = ANY($1)', [
      acknowledged,
    ])
    expect(new Set(rows.map((row) => row.email))).toEqual(new Set(acknowledged))
  } finally {
    await client.end()
  }
  expect(acknowledged.length).toBeGreaterThan(KILL_AFTER)
})
