// Password hashing with scrypt, Node's built-in memory-hard function (no native add-on to
// build). Hashes are self-describing, so the cost can be raised later without a migration:
// verifyPassword reads the parameters from the stored string and needsRehash says when to
// upgrade at the next login.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// N = 2^15, r = 8: 32 MiB of memory per hash (OWASP's scrypt minimum is 2^17 with r=8 p=1 or
// 2^16/r=8/p=2 or 2^15/r=8/p=3); we use p=3 to reach that level within ~100 ms on one core.
const COST = { N: 2 ** 15, r: 8, p: 3 } as const
const KEY_LENGTH = 32
const MAX_MEMORY = 256 * 1024 * 1024

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

export function needsRehash(stored: string): boolean {
  const [, n, r, p] = stored.split('$')
  return Number(n) !== COST.N || Number(r) !== COST.r || Number(p) !== COST.p
}

// A fixed hash to verify against when an email is unknown, so log in takes the same time
// whether or not the account exists.
let dummyHash: Promise<string> | undefined
export function timingSafeDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  return dummyHash
}
