// Fixed-window rate limits kept in PostgreSQL, so every app process shares the counters.
// Called in actions (per IP and per account) so the 429 is a translated page.
import { data, type HeadersFunction } from '@remix-run/node'
import { z } from 'zod'
import { prisma } from './db.server.ts'
import { env } from './env.server.ts'
import { parseRows } from './sql.server.ts'

export type RateLimitRule = { limit: number; windowSeconds: number }

export const RATE_LIMITS = {
  // Log-in counts failed attempts only (a successful one is given back), ADR 021. One client
  // guessing one account's password:
  loginPerAccountAndIp: { limit: 10, windowSeconds: 15 * 60 },
  // One client guessing across accounts:
  loginPerIp: { limit: 30, windowSeconds: 15 * 60 },
  // A ceiling for one account across all clients, far above what one client may try: a third
  // party needs ten addresses and a hundred wrong passwords an hour to lock its owner out.
  loginPerAccount: { limit: 100, windowSeconds: 60 * 60 },
  // A signed-in person re-entering their password (change it, delete the account).
  reauthPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  signupPerIp: { limit: 10, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  verifyResendPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  // Public certificate checks: generous for people, a wall for anyone trying codes.
  certificateVerifyPerIp: { limit: 60, windowSeconds: 60 },
  credentialPerIp: { limit: 120, windowSeconds: 60 },
  // Look-up by serial and surname: a verifier tries a spelling or two, not hundreds of surnames.
  certificateLookupPerIp: { limit: 20, windowSeconds: 15 * 60 },
  certificateLookupPerSerial: { limit: 10, windowSeconds: 60 * 60 },
  // The Studio's live preview compiles in a worker shared by the node (ADR 034 §1): one person
  // typing (a preview 0.6 s after each pause) stays far below; a script cannot hold the worker.
  studioPreviewPerAccount: { limit: 120, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>

const Counter = z.object({ count: z.number().int(), retry_after: z.number().int() })

/**
 * Counts one hit against `key`; returns the hits in the current window and the seconds to wait
 * when over the limit, else 0. Hand-written: one atomic statement that starts a new window or
 * counts in the current one (the ORM's upsert cannot compute the new row from the old one).
 */
export async function count(key: string, rule: RateLimitRule): Promise<{ hits: number; wait: number }> {
  const rows = parseRows(
    Counter,
    await prisma.$queryRaw<unknown[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${rule.windowSeconds})
                     THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${rule.windowSeconds})
                     THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING "count",
      CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${rule.windowSeconds}) - now())))::int AS retry_after`,
  )
  const row = rows[0]
  if (!row) return { hits: 0, wait: 0 }
  return { hits: row.count, wait: row.count <= rule.limit ? 0 : Math.max(1, row.retry_after) }
}

/** Counts one hit against `key`; returns the seconds to wait when over the limit, else 0. */
export async function hit(key: string, rule: RateLimitRule): Promise<number> {
  return (await count(key, rule)).wait
}

/**
 * Gives back one hit on `key` (an attempt that turned out not to count: a successful log-in).
 * Never below zero; a key whose window has ended is left alone.
 */
export async function giveBack(key: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "RateLimit" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`
}

/** The 429 (rendered by the route's translated error boundary), with Retry-After in seconds. */
export function tooManyRequests(wait: number): never {
  throw data(
    { retryAfterSeconds: wait },
    { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': String(wait) } },
  )
}

/**
 * A rate-limited route's `headers` export: a page answered with the 429 (thrown by an action or a
 * loader) keeps its Retry-After. Remix builds a document's headers from this function only.
 */
export const retryAfterHeaders: HeadersFunction = ({ errorHeaders, actionHeaders, loaderHeaders }) => {
  const retryAfter = [errorHeaders, actionHeaders, loaderHeaders]
    .map((headers) => headers?.get('Retry-After'))
    .find(Boolean)
  const headers = new Headers()
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}

/** Whether limits are checked at all (DISABLE_RATE_LIMITS turns them off, for load tests). */
export function rateLimitsOn(): boolean {
  return !env().DISABLE_RATE_LIMITS
}

/** Throws a 429 (rendered by the route's translated error boundary) when any key is over. */
export async function enforceRateLimits(checks: Array<[key: string, rule: RateLimitRule]>): Promise<void> {
  if (!rateLimitsOn()) return
  let wait = 0
  for (const [key, rule] of checks) wait = Math.max(wait, await hit(key, rule))
  if (wait > 0) tooManyRequests(wait)
}
