// What the benchmarks share: starting the production server, waiting for it to answer, signing in
// as the demo learner, and the headers a browser sends.
import { type ChildProcess, spawn } from 'node:child_process'
import pg from 'pg'

/**
 * The built production server (build/server/main.js) on `port`, against `databaseUrl` (null: no
 * DATABASE_URL, the embedded default; `env` then says EMBEDDED_DATABASE_IN_PRODUCTION), rate limits
 * off and warnings only; `env` adds or overrides settings (workers, the query log, bench routes).
 */
export function startServer(options: {
  root: string
  port: number
  databaseUrl: string | null
  secret: string
  keyFile: string
  env?: Record<string, string>
  stdout?: 'inherit' | 'pipe'
}): ChildProcess {
  const { root, port, databaseUrl, secret, keyFile, env = {}, stdout = 'inherit' } = options
  // BENCH_CPU_PROF=<folder>: every server process writes a V8 CPU profile there when it exits.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const { DATABASE_URL: _ours, ...inherited } = process.env
  return spawn(process.execPath, [...profile, '--enable-source-maps', 'build/server/main.js'], {
    cwd: root,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      CREDENTIAL_KEY_FILE: keyFile,
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      SESSION_SECRET: secret,
      LOG_LEVEL: 'warn',
      WEB_CONCURRENCY: '1',
      DISABLE_RATE_LIMITS: 'true',
      ...env,
    },
    stdio: ['ignore', stdout, 'inherit'],
  })
}

/** Stops a server started by startServer (SIGTERM: its own orderly shutdown) and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
}

/** Resolves at the first 2xx from `url` (asked every `everyMs`); rejects if `child` exits first. */
export function waitForServer(url: string, child: ChildProcess, everyMs = 300): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000
    const tick = async () => {
      if (child.exitCode !== null) return reject(new Error('the server exited during start-up'))
      try {
        if ((await fetch(url)).ok) return resolve()
      } catch {}
      if (Date.now() > deadline) return reject(new Error('the server did not start'))
      setTimeout(tick, everyMs)
    }
    void tick()
  })
}

/** Logs in over HTTP as the seeded demo learner; the session cookie as `aula_session=…`. */
/** Logs in as one of the seeded demo accounts (prisma/seed.ts) over HTTP; returns the session cookie. */
export async function logInDemo(base: string, who: 'learner' | 'trainer' | 'admin' = 'learner'): Promise<string> {
  // The log-in form carries a honeypot (app/utils/honeypot.server.ts): post the fields its page renders.
  const page = await (await fetch(`${base}/en/login`)).text()
  const stamp = /name="from__confirm" value="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&')
  if (!stamp) throw new Error('the log-in page rendered no honeypot time stamp')
  const login = await fetch(`${base}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({
      email: `${who}@aula.example`,
      password: 'aula-demo-2026',
      name__confirm: '',
      from__confirm: stamp,
    }),
  })
  const cookie = login.headers.get('set-cookie')?.split(';')[0]
  if (!cookie?.startsWith('aula_session=')) throw new Error(`log in failed (${login.status})`)
  return cookie
}

/** What a browser sends with every page request (and the session cookie when signed in). */
export function browserHeaders(cookie?: string): Record<string, string> {
  return {
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'en',
    ...(cookie ? { cookie } : {}),
  }
}

/**
 * A database of its own for one part of the bench, on the PostgreSQL server at `server`: its URL,
 * and `drop()` for the end of the part (connections still open are ended).
 */
export async function benchDatabase(server: string, name: string): Promise<{ url: URL; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(server)
  url.pathname = `/${name}`
  return {
    url,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}
