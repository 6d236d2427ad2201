// Runs the Prisma CLI (wasm engine, see prisma.config.ts) as a child process.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const PRISMA_BIN = require.resolve('prisma/build/index.js')

export function runPrisma(
  args: string[],
  options: { databaseUrl: string; capture?: boolean },
): Promise<string> {
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

export function migrateDeploy(databaseUrl: string) {
  return runPrisma(['migrate', 'deploy'], { databaseUrl, capture: true })
}
