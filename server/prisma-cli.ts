// Runs the Prisma CLI (wasm engine, see prisma.config.ts) as a child process.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const PRISMA_BIN = require.resolve('prisma/build/index.js')

export function runPrisma(args: string[], options: { databaseUrl: string; capture?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_BIN, ...args], {
      env: { ...process.env, DATABASE_URL: options.databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
    })
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code})${err ? `:\n${err}` : ''}`))
    })
  })
}

/**
 * Applies every migration: the job library's schema first (a Prisma migration may add jobs, and
 * the app adds jobs from its first request: ADR 012), then Prisma's (`prisma migrate deploy`).
 * Server start, `npm run db:migrate`, the tests' template database and the benchmarks use it.
 */
export async function migrateDeploy(databaseUrl: string) {
  const { migrateJobQueue } = await import('#app/jobs/schema.server.ts')
  await migrateJobQueue(databaseUrl)
  return runPrisma(['migrate', 'deploy'], { databaseUrl, capture: true })
}
