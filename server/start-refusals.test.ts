// Starting the server with a database it cannot use ends at once with one line that names the
// problem and a non-zero exit code, having created nothing.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'

const root = mkdtempSync(path.join(os.tmpdir(), 'aula-start-test-'))
// The `postgres` user must be able to enter it when the tests run as root.
chmodSync(root, 0o755)
afterAll(() => rmSync(root, { recursive: true, force: true }))

function start(env: Record<string, string>) {
  const base = { ...process.env }
  delete base.DATABASE_URL
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...base, NODE_ENV: 'development', PORT: '4999', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: result.status, lines: result.stderr.trim().split('\n').filter(Boolean) }
}

test('a DATABASE_URL that does not answer', () => {
  const { code, lines } = start({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/aula' })
  expect(code).toBe(1)
  expect(lines).toEqual(['DATABASE_URL does not answer (127.0.0.1:1/aula): ECONNREFUSED'])
})

test('an EMBEDDED_DB_PORT that another program holds', async () => {
  const blocker = net.createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const { port } = blocker.address() as net.AddressInfo
  const dir = path.join(root, 'taken')
  try {
    const { code, lines } = start({ EMBEDDED_DB_PORT: String(port), EMBEDDED_DB_DIR: dir })
    expect(code).toBe(1)
    expect(lines).toEqual([
      `EMBEDDED_DB_PORT ${port} is already in use by another program: choose another port or stop that program.`,
    ])
    expect(existsSync(dir)).toBe(false)
  } finally {
    blocker.close()
  }
})

test('an embedded data folder from an older PostgreSQL', () => {
  const dir = path.join(root, 'old')
  mkdirSync(dir)
  writeFileSync(path.join(dir, 'PG_VERSION'), '15\n')
  const { code, lines } = start({ EMBEDDED_DB_DIR: dir })
  expect(code).toBe(1)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/was made by PostgreSQL 15; Aula ships PostgreSQL \d+/)
})
