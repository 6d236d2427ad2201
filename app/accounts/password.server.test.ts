import { randomBytes, scryptSync } from 'node:crypto'
import { expect, test } from 'vitest'
import { hashPassword, needsRehash, verifyPassword } from './password.server.ts'

test('a hash verifies its own password and no other', async () => {
  const hash = await hashPassword('una frase larga y segura')
  expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
  expect(hash).not.toContain('una frase')
  expect(await verifyPassword('una frase larga y segura', hash)).toBe(true)
  expect(await verifyPassword('una frase larga y segurA', hash)).toBe(false)
  expect(await verifyPassword('', hash)).toBe(false)
})

test('the same password hashes differently each time (random salt), and accents match in any Unicode form', async () => {
  const composed = 'contraseña José'
  const [a, b] = await Promise.all([hashPassword(composed), hashPassword(composed)])
  expect(a).not.toBe(b)
  expect(await verifyPassword(composed.normalize('NFD'), a)).toBe(true)
})

test('verifyPassword is false for malformed or foreign hashes', async () => {
  for (const stored of ['', 'plain-text', 'bcrypt$2b$10$abc', 'scrypt$32768$8$3$$']) {
    expect(await verifyPassword('anything at all', stored), stored).toBe(false)
  }
})

test('needsRehash is false for current hashes and true for hashes with older parameters, which still verify', async () => {
  const current = await hashPassword('una frase larga y segura')
  expect(needsRehash(current)).toBe(false)
  // A hash made with weaker, older parameters (N = 2^10, r = 8, p = 1).
  const salt = randomBytes(16)
  const key = scryptSync('una frase larga y segura', salt, 32, { N: 2 ** 10, r: 8, p: 1 })
  const old = ['scrypt', 2 ** 10, 8, 1, salt.toString('base64'), key.toString('base64')].join('$')
  expect(needsRehash(old)).toBe(true)
  expect(await verifyPassword('una frase larga y segura', old)).toBe(true)
  expect(await verifyPassword('otra frase', old)).toBe(false)
  expect(needsRehash(current.replace(/^scrypt\$\d+\$8\$/, 'scrypt$32768$16$'))).toBe(true)
})
