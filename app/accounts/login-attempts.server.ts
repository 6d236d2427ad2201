// Log-in attempts and their limits (ADR 021). Only failures count: every attempt is counted
// before the password is checked (so a burst of parallel guesses cannot slip past the limit) and a
// successful one is given back, so a person who logs in often is never refused. The limits are
// laid out so that a third party cannot lock a person out of their account:
//   - per account and client address: 10 failures in 15 minutes. A guesser locks out only itself;
//     the owner, from their own address, is not affected.
//   - per client address, any accounts: 30 failures in 15 minutes (guessing across accounts).
//   - per account, all addresses: a ceiling of 100 failures an hour. Before it, from the 11th failure
//     on, each failed answer is slowed down (a delay, no captcha): a script waits, a person who typed
//     the right password does not.
import { setTimeout as sleep } from 'node:timers/promises'
import {
  count,
  giveBack,
  RATE_LIMITS,
  rateLimitsOn,
  tooManyRequests,
  type RateLimitRule,
} from '#app/utils/rate-limit.server.ts'

/** Failures on one account (all addresses) before failed answers are slowed down. */
export const LOGIN_DELAY_AFTER = RATE_LIMITS.loginPerAccountAndIp.limit
const FIRST_DELAY_MS = 500
const MAX_DELAY_MS = 5_000

/** How long the answer to a failed log-in waits, given the account's failures in the window (this one included). */
export function loginFailureDelayMs(failures: number): number {
  if (failures <= LOGIN_DELAY_AFTER) return 0
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - LOGIN_DELAY_AFTER - 1), MAX_DELAY_MS)
}

export type LoginAttempt = {
  /** The password was right: the attempt is given back on every counter. */
  succeeded(): Promise<void>
  /** The password was wrong: the attempt stays counted; the answer waits when the account is under attack. */
  failed(): Promise<void>
}

const NOT_COUNTED: LoginAttempt = { succeeded: async () => {}, failed: async () => {} }

/**
 * Counts a log-in attempt on `email` from `clientIp` before the password is checked; throws a 429
 * (Retry-After) when a limit is reached. A refused attempt is not counted against the other limits,
 * so a client refused for one account cannot push that account's ceiling up.
 */
export async function startLoginAttempt(email: string, clientIp: string): Promise<LoginAttempt> {
  if (!rateLimitsOn()) return NOT_COUNTED
  const checks: Array<[string, RateLimitRule]> = [
    [`login:account-ip:${email}:${clientIp}`, RATE_LIMITS.loginPerAccountAndIp],
    [`login:ip:${clientIp}`, RATE_LIMITS.loginPerIp],
    [`login:account:${email}`, RATE_LIMITS.loginPerAccount],
  ]
  const counted: string[] = []
  let accountFailures = 0
  for (const [key, rule] of checks) {
    const { hits, wait } = await count(key, rule)
    if (wait > 0) {
      for (const earlier of counted) await giveBack(earlier)
      tooManyRequests(wait)
    }
    counted.push(key)
    accountFailures = hits
  }
  return {
    async succeeded() {
      for (const key of counted) await giveBack(key)
    },
    async failed() {
      const delay = loginFailureDelayMs(accountFailures)
      if (delay > 0) await sleep(delay)
    },
  }
}
