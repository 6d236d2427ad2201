// A certificate's serial (AULA-<year>-<number>, from the year's counter) and its verification code
// (random, 160 bits), and the public address that verifies it.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { parseRows } from '#app/utils/sql.server.ts'

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

const SerialRow = z.object({ last: z.number().int().positive() })

/**
 * The next serial of the year. One statement outside any transaction (hand-written: an atomic
 * upsert Prisma cannot express): the counter's row is locked only while it runs, not while the
 * certificate is rendered, so issues do not wait for each other.
 */
export async function allocateSerial(year: number) {
  const [row] = parseRows(
    SerialRow,
    await prisma.$queryRaw<unknown[]>`
    INSERT INTO "CertificateSerial" (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "CertificateSerial".last + 1
    RETURNING last`,
  )
  return formatSerial(year, row!.last)
}
