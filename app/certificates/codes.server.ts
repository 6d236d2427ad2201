// A certificate's serial (AULA-<year>-<number>, from the year's counter) and its verification code
// (random, 160 bits), and the public address that verifies it.
import { randomBytes } from 'node:crypto'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { nextInYear } from '#app/utils/sql.server.ts'

/** 20 random bytes, base64url: 160 bits, 27 characters. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{27}$/
export function newVerificationCode() {
  return randomBytes(20).toString('base64url')
}

export function isVerificationCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_PATTERN.test(value)
}

export function verificationUrl(code: string, lang: Lang) {
  return appUrl(`/${lang}/verify/${code}`)
}

export function formatSerial(year: number, n: number) {
  return `AULA-${year}-${String(n).padStart(6, '0')}`
}

/**
 * The next serial of the year, outside any transaction: the counter's row is locked only while
 * the one statement runs, not while the certificate is rendered, so issues do not wait for each other.
 */
export async function allocateSerial(year: number) {
  return formatSerial(year, await nextInYear(prisma, 'certificate', year))
}
