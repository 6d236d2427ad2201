// What a production server started by the end-to-end tests or the benchmarks needs that
// production never makes for itself (ADR 011): a credential signing key in a file, and the demo
// accounts, seeded into its database beforehand by the seed run as a test (NODE_ENV=test) —
// a production server refuses SEED_DEMO_DATA, and the seed refuses NODE_ENV=production.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generatePrivateJwk } from '#app/certificates/signing-key.server.ts'
import { migrateDeploy } from '#server/prisma-cli.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Writes a new private signing key (JWK) to `file`, for CREDENTIAL_KEY_FILE. */
export async function writeSigningKey(file: string) {
  writeFileSync(file, JSON.stringify(await generatePrivateJwk()), { mode: 0o600 })
}

/** Migrates the database and seeds the demo accounts into it, as a test would (NODE_ENV=test). */
export async function seedDemoAccounts(databaseUrl: string) {
  await migrateDeploy(databaseUrl)
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'prisma/cli.ts', 'seed'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`seeding the demo accounts failed (exit ${code})`))
    })
  })
}
