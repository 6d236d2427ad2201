// Runs a command with TEST_DATABASE_URL set: the one given, else an embedded PostgreSQL started
// for the command and removed after it. `npm test` runs through this, so one server serves the
// whole run (Vitest, then the end-to-end tests) and nothing needs to be installed.
//   tsx scripts/with-test-db.ts "<shell command>"
import { spawn } from 'node:child_process'
import { startTestServer } from '#tests/setup/test-server.ts'

const command = process.argv.slice(2).join(' ')
if (!command) {
  console.error('usage: tsx scripts/with-test-db.ts "<command>"')
  process.exit(2)
}

const server = await startTestServer()
if (server.embedded) console.log(`[aula] tests use an embedded PostgreSQL for this run (${new URL(server.url).port})`)
const child = spawn(command, { shell: true, stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: server.url } })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
const code = await new Promise<number>((resolve) =>
  child.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
)
await server.stop()
process.exit(code)
