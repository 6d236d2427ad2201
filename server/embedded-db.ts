// Starts (or finds) the embedded PGlite database for `npm run dev`, `npm start` and the db:*
// scripts when DATABASE_URL is unset. See server/pglite-server.js for the child itself.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import {
  DEFAULT_EMBEDDED_DB_DIR,
  embeddedDatabasePort,
  embeddedDatabaseUrl,
} from '../prisma/embedded.ts'
import { ROOT } from './root.ts'

const START_TIMEOUT_MS = 60_000

export type EmbeddedDatabase = {
  url: string
  /** True when the data folder did not exist before this start. */
  created: boolean
  /** True when another process (a running dev server) already serves this database. */
  reused: boolean
  stop(): Promise<void>
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export async function startEmbeddedDatabase(env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedDatabase> {
  const port = embeddedDatabasePort(env)
  const dir = path.resolve(ROOT, env.EMBEDDED_DB_DIR ?? DEFAULT_EMBEDDED_DB_DIR)
  const url = embeddedDatabaseUrl(env)
  if (await isListening(port)) {
    // Never open the same data folder twice: a second PGlite would corrupt it.
    return { url, created: false, reused: true, stop: async () => {} }
  }
  const created = !existsSync(path.join(dir, 'PG_VERSION'))
  const child = spawn(process.execPath, [path.join(ROOT, 'server/pglite-server.js')], {
    env: { ...env, PGLITE_DIR: dir, PGLITE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  await waitForReady(child)
  return {
    url,
    created,
    reused: false,
    stop: () => stopChild(child),
  }
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`The embedded database did not start within ${START_TIMEOUT_MS / 1000} s`))
    }, START_TIMEOUT_MS)
    let buffered = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      if (buffered.includes('"ready":true')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The embedded database exited during start-up (code ${code})`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
