// The embedded PostgreSQL: created once, kept across starts, supervised, and refusing with one
// clear line what it must not touch (a taken port, another major's folder, a read-only folder,
// a folder another Aula holds) without creating anything.
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { alive, embeddedMajorVersion, startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-db.ts'

const quiet = { log: () => {} }
const root = mkdtempSync(path.join(os.tmpdir(), 'aula-embedded-test-'))
// The `postgres` user must be able to enter it when the tests run as root.
chmodSync(root, 0o755)
// Two levels down, as the quick start's data/postgres in a fresh clone: data/ does not exist yet.
const dir = path.join(root, 'data', 'postgres')

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as Array<Record<string, unknown>>
  } finally {
    await client.end()
  }
}

function postmasterPid(folder: string): number {
  return Number(readFileSync(path.join(folder, 'postmaster.pid'), 'utf8').split('\n')[0])
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('a data folder of its own', () => {
  let db: EmbeddedDatabase
  beforeAll(async () => {
    db = await startEmbeddedDatabase({ dir, port: 'free', ...quiet })
  }, 120_000)
  afterAll(async () => db?.stop())

  test('is created on first start, with the same engine as production', async () => {
    expect(db.created).toBe(true)
    const [row] = await query(db.url, "SELECT current_setting('server_version_num')::int / 10000 AS major")
    expect(row!.major).toBe(embeddedMajorVersion())
    // Only on the loopback interface, with a password.
    expect(new URL(db.url).password.length).toBeGreaterThan(16)
    expect(new URL(db.url).hostname).toBe('127.0.0.1')
  })

  test('keeps its data across a stop and a start', async () => {
    await query(db.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)')
    await db.stop()
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false)
    db = await startEmbeddedDatabase({ dir, port: 'free', ...quiet })
    expect(db.created).toBe(false)
    expect(await query(db.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
  })

  test('is never opened by a second Aula while one holds it, but a db:* command may use it', async () => {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${path.resolve('server/embedded-db.ts')}').then(m => m.startEmbeddedDatabase({ dir: '${dir}' })).catch(e => { console.error(e.message); process.exit(3) })`,
      ],
      { encoding: 'utf8' },
    )
    expect(child.status).toBe(3)
    expect(child.stderr).toMatch(new RegExp(`in use by another Aula \\(pid ${process.pid}\\)`))
    // From this process (which owns it) or with reuse, the running server is shared.
    const reused = await startEmbeddedDatabase({ dir, reuse: true, ...quiet })
    expect(reused.reused).toBe(true)
    expect(await query(reused.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
  })

  test('restarts PostgreSQL killed with SIGKILL, with every committed row kept', async () => {
    await db.stop()
    const states: string[] = []
    db = await startEmbeddedDatabase({
      dir,
      port: 'free',
      supervise: true,
      ...quiet,
      onGiveUp: () => states.push('gave up'),
    })
    db.onState((state) => states.push(state))
    await query(db.url, 'INSERT INTO kept SELECT generate_series(1, 1000)')
    process.kill(postmasterPid(dir), 'SIGKILL')
    await until(() => states.includes('running'))
    expect(states[0]).toBe('restarting')
    expect(db.state()).toBe('running')
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1001 }])
  })

  test('stops a PostgreSQL that a killed app left running, and serves the folder again', async () => {
    await db.stop()
    // An app that started the database and was then killed with SIGKILL: PostgreSQL runs on.
    const script = `import('${path.resolve('server/embedded-db.ts')}').then(async (m) => {
      await m.startEmbeddedDatabase({ dir: '${dir}', port: 'free', log: () => {} })
      console.log('ready')
      setInterval(() => {}, 1000)
    })`
    const app = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) =>
      app.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
    )
    const orphan = postmasterPid(dir)
    app.kill('SIGKILL')
    await until(() => app.exitCode !== null || app.signalCode !== null)
    expect(alive(orphan)).toBe(true)

    db = await startEmbeddedDatabase({ dir, port: 'free', ...quiet })
    expect(postmasterPid(dir)).not.toBe(orphan)
    expect(alive(orphan)).toBe(false)
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1001 }])
  })
})

describe('refuses with one line, creating nothing', () => {
  test('a port another program holds', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as net.AddressInfo
    const fresh = path.join(root, 'taken-port')
    try {
      await expect(startEmbeddedDatabase({ dir: fresh, port, ...quiet })).rejects.toThrow(
        `EMBEDDED_DB_PORT ${port} is already in use by another program`,
      )
      expect(existsSync(fresh)).toBe(false)
    } finally {
      blocker.close()
    }
  })

  test('a data folder made by another PostgreSQL major', async () => {
    const old = path.join(root, 'old-major')
    mkdirSync(old)
    writeFileSync(path.join(old, 'PG_VERSION'), '16\n')
    await expect(startEmbeddedDatabase({ dir: old, port: 'free', ...quiet })).rejects.toThrow(
      `was made by PostgreSQL 16; Aula ships PostgreSQL ${embeddedMajorVersion()}`,
    )
    expect(readFileSync(path.join(old, 'PG_VERSION'), 'utf8')).toBe('16\n')
  })

  test('a folder that is not a PostgreSQL data folder', async () => {
    const other = path.join(root, 'not-postgres')
    mkdirSync(other)
    await expect(startEmbeddedDatabase({ dir: other, port: 'free', ...quiet })).rejects.toThrow(
      'is not a PostgreSQL data folder',
    )
  })

  test('a read-only data folder', async () => {
    const readOnly = path.join(root, 'read-only')
    mkdirSync(readOnly)
    writeFileSync(path.join(readOnly, 'PG_VERSION'), `${embeddedMajorVersion()}\n`)
    // Owned by the user PostgreSQL runs as, so only the mode is wrong.
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres', readOnly])
    chmodSync(readOnly, 0o555)
    try {
      await expect(startEmbeddedDatabase({ dir: readOnly, port: 'free', ...quiet })).rejects.toThrow(
        `The embedded database folder ${readOnly} is not writable`,
      )
    } finally {
      chmodSync(readOnly, 0o755)
    }
  })
})
