// A production start that cannot be unsafe (ADR 011). The server is started the way `npm start`
// starts it (NODE_ENV=production, server/index.ts from source) with each refused configuration:
// it must exit non-zero with one line naming the variable, before anything is started or created
// (no embedded database folder). A safe configuration gets past the checks (it then stops at the
// deliberately unreachable database). And the demo seed refuses NODE_ENV=production on its own.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { generatePrivateJwk } from '#app/certificates/signing-key.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { DEMO_USERS, seed } from '#prisma/seed.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-production-start-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const embeddedDir = path.join(dir, 'embedded-db')
const signingKey = JSON.stringify(await generatePrivateJwk())
const keyFile = path.join(dir, 'credential-key.json')
writeFileSync(keyFile, signingKey)

type Vars = Record<string, string | undefined>

// What a careful operator sets. The database does not answer, so a start that passes every
// check stops there: nothing here ever serves.
const SAFE: Vars = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/aula_unreachable',
  SESSION_SECRET: 'a-production-secret-0123456789abcdef',
  CREDENTIAL_SIGNING_KEY: signingKey,
  APP_URL: 'https://aula.example.org',
  LOG_LEVEL: 'silent',
  // Where an embedded database would go if one were (wrongly) started.
  EMBEDDED_DB_DIR: embeddedDir,
  EMBEDDED_DB_PORT: '4249',
}

/** Runs a command with exactly these variables (plus PATH and HOME); its exit code and output. */
function run(args: string[], vars: Vars): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? os.tmpdir(),
    }
    for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

const startServer = (vars: Vars) => run(['server/index.ts'], vars)

const REFUSED: Array<[string, Vars, string]> = [
  ['no DATABASE_URL, even with a public https APP_URL', { DATABASE_URL: undefined }, 'DATABASE_URL'],
  ['no SESSION_SECRET', { SESSION_SECRET: undefined }, 'SESSION_SECRET'],
  ['the published default SESSION_SECRET', { SESSION_SECRET: 'dev-only-session-secret-change-me' }, 'SESSION_SECRET'],
  [
    'the default SESSION_SECRET kept as an old secret',
    { SESSION_SECRET: 'a-production-secret-0123456789abcdef,dev-only-session-secret-change-me' },
    'SESSION_SECRET',
  ],
  ['no credential signing key', { CREDENTIAL_SIGNING_KEY: undefined }, 'CREDENTIAL_SIGNING_KEY'],
  ['a credential signing key that is not one', { CREDENTIAL_SIGNING_KEY: '{"kty":"OKP"}' }, 'CREDENTIAL_SIGNING_KEY'],
  [
    'a key file that does not exist (production never generates one)',
    { CREDENTIAL_SIGNING_KEY: undefined, CREDENTIAL_KEY_FILE: path.join(dir, 'absent.json') },
    'CREDENTIAL_KEY_FILE',
  ],
  ['offline Stripe on a public address', { STRIPE_OFFLINE: 'true' }, 'STRIPE_OFFLINE'],
  ['demo data', { SEED_DEMO_DATA: 'true' }, 'SEED_DEMO_DATA'],
  ['no APP_URL', { APP_URL: undefined }, 'APP_URL'],
  // The embedded database's opt-in waives nothing else.
  [
    'the default SESSION_SECRET on the opted-in embedded database',
    { DATABASE_URL: undefined, EMBEDDED_DATABASE_IN_PRODUCTION: 'true', SESSION_SECRET: undefined },
    'SESSION_SECRET',
  ],
  [
    'demo data on the opted-in embedded database',
    { DATABASE_URL: undefined, EMBEDDED_DATABASE_IN_PRODUCTION: 'true', SEED_DEMO_DATA: 'true' },
    'SEED_DEMO_DATA',
  ],
  [
    'no signing key on the opted-in embedded database',
    { DATABASE_URL: undefined, EMBEDDED_DATABASE_IN_PRODUCTION: 'true', CREDENTIAL_SIGNING_KEY: undefined },
    'CREDENTIAL_SIGNING_KEY',
  ],
]

test('each unsafe production configuration is refused with one line naming the variable, and nothing is started', async () => {
  const results: Array<{ name: string; variable: string; code: number | null; stdout: string; stderr: string }> = []
  // Two at a time: each is a Node process compiling TypeScript.
  for (let i = 0; i < REFUSED.length; i += 2) {
    results.push(
      ...(await Promise.all(
        REFUSED.slice(i, i + 2).map(async ([name, change, variable]) => ({
          name,
          variable,
          ...(await startServer({ ...SAFE, ...change })),
        })),
      )),
    )
  }
  for (const { name, variable, code, stdout, stderr } of results) {
    expect(code, name).not.toBe(0)
    expect(code, name).not.toBeNull()
    const lines = stderr.trim().split('\n')
    expect(lines, `${name}: ${stderr}`).toHaveLength(1)
    expect(lines[0], name).toMatch(new RegExp(`^Invalid environment variable ${variable}: `))
    expect(stdout, name).not.toContain('listening')
  }
  // Refused before the embedded database was started or its folder made.
  expect(existsSync(embeddedDir)).toBe(false)
}, 300_000)

test('a safe configuration passes the checks (a signing key in an existing file counts) and goes on to the database', async () => {
  const [withKey, withFile] = await Promise.all([
    startServer(SAFE),
    startServer({ ...SAFE, CREDENTIAL_SIGNING_KEY: undefined, CREDENTIAL_KEY_FILE: keyFile }),
  ])
  for (const result of [withKey, withFile]) {
    expect(result.stderr).not.toContain('Invalid environment variable')
    // It stopped where it should: at the database that does not answer.
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toMatch(/^DATABASE_URL does not answer \(127\.0\.0\.1:1\/aula_unreachable\)/)
  }
}, 180_000)

test('the demo seed refuses NODE_ENV=production, from the command line and as a function', async () => {
  const demo = { email: { in: DEMO_USERS.map((u) => u.email) } }
  const cli = await run(['prisma/cli.ts', 'seed'], {
    NODE_ENV: 'production',
    DATABASE_URL: process.env.DATABASE_URL,
    LOG_LEVEL: 'silent',
  })
  expect(cli.code).toBe(1)
  expect(cli.stderr.trim()).toMatch(
    /^NODE_ENV=production: the demo accounts .* are never seeded into a production database$/,
  )
  expect(await prisma.user.count({ where: demo })).toBe(0)

  process.env.NODE_ENV = 'production'
  try {
    await expect(seed(prisma)).rejects.toThrow(/NODE_ENV=production/)
  } finally {
    process.env.NODE_ENV = 'test'
  }
  expect(await prisma.user.count({ where: demo })).toBe(0)
  // Outside production the same seed works.
  await seed(prisma)
  expect(await prisma.user.count({ where: demo })).toBe(DEMO_USERS.length)
}, 120_000)
