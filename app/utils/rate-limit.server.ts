// Fixed-window rate limits kept in PostgreSQL, so every app process shares the counters.
// Called in actions (per IP and per account) so the 429 is a translated page.
import { data } from '@remix-run/node'
import { z } from 'zod'
import { prisma } from './db.server.ts'
import { env } from './env.server.ts'
import { parseRows } from './sql.server.ts'

export type RateLimitRule = { limit: number; windowSeconds: number }

export const RATE_LIMITS = {
  loginPerIp: { limit: 30, windowSeconds: 15 * 60 },
  loginPerAccount: { limit: 10, windowSeconds: 15 * 60 },
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
} as const satisfies Record<string, RateLimitRule>

const Counter = z.object({ count: z.number().int(), retry_after: z.number().int() })

/**
 * Counts one hit against `key`; returns the seconds to wait when over the limit, else 0. Hand-written:
 * one atomic statement that starts a new window or counts in the current one (the ORM's upsert
 * cannot compute the new row from the old one).
 */
export async function hit(key: string, rule: RateLimitRule): Promise<number> {
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
  if (!row || row.count <= rule.limit) return 0
  return Math.max(1, row.retry_after)
}

/** Throws a 429 (rendered by the route's translated error boundary) when any key is over. */
export async function enforceRateLimits(checks: Array<[key: string, rule: RateLimitRule]>): Promise<void> {
  if (env().DISABLE_RATE_LIMITS) return
  let wait = 0
  for (const [key, rule] of checks) wait = Math.max(wait, await hit(key, rule))
  if (wait > 0) {
    throw data(
      { retryAfterSeconds: wait },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': String(wait) } },
    )
  }
}
