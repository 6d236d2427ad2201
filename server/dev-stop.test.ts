// The quick start's Ctrl+C: `npm run dev` on the embedded database, stopped by SIGINT to its whole
// process group as a terminal sends it, stops everything it started, PostgreSQL included (under
// the tsx command line, the second SIGINT that cross-env relays made tsx kill the app before it
// had stopped PostgreSQL, which stayed running).
import { spawn } from 'node:child_process'
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { alive, anyFreePort } from './embedded-db.ts'

const root = mkdtempSync(path.join(os.tmpdir(), 'aula-dev-stop-'))
// The `postgres` user must be able to enter it when the tests run as root.
chmodSync(root, 0o755)
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('Ctrl+C on npm run dev stops the app and its embedded PostgreSQL', { timeout: 300_000 }, async () => {
  const [port, hmrPort] = [await anyFreePort(), await anyFreePort()]
  const contentDir = path.join(root, 'content-build')
  cpSync(process.env.CONTENT_BUILD_DIR!, contentDir, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    EMBEDDED_DB_DIR: path.join(root, 'data', 'postgres'),
    CONTENT_BUILD_DIR: contentDir,
    AULA_VITE_CACHE_DIR: path.join(root, 'vite-cache'),
    AULA_HMR_PORT: String(hmrPort),
    OUTBOX_DIR: path.join(root, 'outbox'),
    CREDENTIAL_KEY_FILE: path.join(root, 'credential-key.json'),
    LOG_LEVEL: 'warn',
  }
  for (const name of ['DATABASE_URL', 'NODE_ENV', 'EMBEDDED_DB_PORT', 'SMTP_URL', 'AULA_EMBEDDED_DB']) delete env[name]
  // Its own process group, as a terminal gives a command.
  const dev = spawn('npm', ['run', 'dev'], { cwd: path.resolve('.'), env, detached: true, stdio: 'pipe' })
  let output = ''
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => dev.once('exit', () => resolve()))
  try {
    const deadline = Date.now() + 240_000
    while (
      !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`npm run dev did not start:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const postgresPid = Number(
      readFileSync(path.join(root, 'data', 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
    )
    expect(alive(postgresPid)).toBe(true)

    process.kill(-dev.pid!, 'SIGINT')
    await exited
    const stopped = Date.now() + 30_000
    while (alive(postgresPid) && Date.now() < stopped) await new Promise((resolve) => setTimeout(resolve, 200))
    expect(alive(postgresPid), `PostgreSQL ${postgresPid} still running after Ctrl+C:\n${output}`).toBe(false)
  } finally {
    try {
      process.kill(-dev.pid!, 'SIGKILL')
    } catch {
      // The group has exited.
    }
  }
})
