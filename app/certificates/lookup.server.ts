// Reading certificates: the public verification page and look-up by serial and surname, the
// holder's list and PDFs, the course page's certificate state, the signed credential and the
// year's status list. Reads only.
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { isVerificationCode } from './codes.server.ts'
import { statusListPosition } from './credential.server.ts'

/** What the public verification page may show: never the holder's e-mail or account. */
export async function findCertificateByCode(code: string) {
  if (!isVerificationCode(code)) return null
  return prisma.certificate.findUnique({
    where: { verificationCode: code },
    select: {
      id: true,
      serial: true,
      status: true,
      holderName: true,
      courseTitleEn: true,
      courseTitleEs: true,
      completedAt: true,
      hours: true,
      issuedAt: true,
      revokedAt: true,
      issuerNameEn: true,
      issuerNameEs: true,
      pdfEnSha256: true,
      pdfEsSha256: true,
      verificationCode: true,
      supersededBy: { select: { verificationCode: true, issuedAt: true } },
    },
  })
}

/** A name compared as words: no case, no accents, apostrophes dropped, hyphens as spaces. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .split(/[\s-]+/)
    .filter(Boolean)
}

/**
 * Whether `surname` is the holder's surname on the certificate: whole words of the printed name,
 * in order, not starting with its first word (the given name), ignoring case and accents. "García",
 * "Núñez García" and "nunez garcia" match "José Ñúñez García"; "José" and "Garc" do not. A
 * one-word name matches itself.
 */
export function isHoldersSurname(holderName: string, surname: string): boolean {
  const name = nameWords(holderName)
  const typed = nameWords(surname)
  if (typed.length === 0) return false
  const first = name.length === 1 ? 0 : 1
  for (let start = first; start + typed.length <= name.length; start++) {
    if (typed.every((word, i) => name[start + i] === word)) return true
  }
  return false
}

/**
 * The verification code of the certificate with this serial whose holder has this surname, or
 * null. Both must match, and a wrong serial and a wrong surname give the same answer after the
 * same work (one read by the unique serial), so the look-up cannot list certificates or confirm
 * that a serial exists; the route rate-limits it per IP and per serial.
 */
export async function lookUpCertificate(serial: string, surname: string): Promise<string | null> {
  const certificate = await prisma.certificate.findUnique({
    where: { serial: serial.toUpperCase() },
    select: { holderName: true, verificationCode: true },
  })
  const matches = isHoldersSurname(certificate?.holderName ?? '', surname)
  return certificate && matches ? certificate.verificationCode : null
}

export async function certificatesForUser(userId: string) {
  return prisma.certificate.findMany({
    where: { userId },
    orderBy: { issuedAt: 'desc' },
    select: {
      id: true,
      serial: true,
      status: true,
      courseId: true,
      courseTitleEn: true,
      courseTitleEs: true,
      issuedAt: true,
      revokedAt: true,
      verificationCode: true,
    },
  })
}

/** The learner's certificate requests that gave no certificate: waiting for approval, or rejected (with why). */
export function certificateRequestsForUser(userId: string) {
  return prisma.certificateRequest.findMany({
    where: { userId, status: { in: ['pending', 'rejected'] } },
    select: { courseId: true, status: true, reason: true },
  })
}

export type CertificateState = 'preparing' | 'awaiting-approval' | 'ready'

/**
 * What a learner's course page says about the certificate of a course they completed: ready,
 * waiting for an administrator's approval, or being prepared (its job has not run yet). Null for
 * a revoked certificate or a rejected request (the dashboard says why). Reads only.
 */
export async function certificateState(userId: string, courseId: string): Promise<CertificateState | null> {
  const [certificate, request] = await Promise.all([
    prisma.certificate.findFirst({
      where: { userId, courseId },
      orderBy: { issuedAt: 'desc' },
      select: { status: true },
    }),
    prisma.certificateRequest.findUnique({
      where: { userId_courseId: { userId, courseId } },
      select: { status: true },
    }),
  ])
  if (certificate) return certificate.status === 'valid' ? 'ready' : null
  if (request) return request.status === 'pending' ? 'awaiting-approval' : null
  return 'preparing'
}

/**
 * The stored PDF, only for its holder while it is valid (a revoked or replaced certificate is not
 * handed out again), or for an administrator: null otherwise.
 */
export async function certificatePdf(input: { certificateId: string; userId: string; isAdmin: boolean; lang: Lang }) {
  const row = await prisma.certificate.findFirst({
    where: { id: input.certificateId, ...(input.isAdmin ? {} : { userId: input.userId, status: 'valid' }) },
    select: { serial: true, pdfEn: input.lang === 'en', pdfEs: input.lang === 'es' },
  })
  if (!row) return null
  const bytes = input.lang === 'en' ? row.pdfEn : row.pdfEs
  return bytes ? { serial: row.serial, bytes } : null
}

export async function credentialByCode(code: string) {
  if (!isVerificationCode(code)) return null
  return prisma.certificate.findUnique({
    where: { verificationCode: code },
    select: {
      credentialJwt: true,
      status: true,
      revokedAt: true,
      serial: true,
      supersededBy: { select: { verificationCode: true } },
    },
  })
}

/**
 * The numbers (serial `AULA-<year>-<number>`) of the year's certificates that are no longer valid,
 * revoked or superseded by a re-issue: the bits set in that year's status list (ADR 022).
 */
export async function invalidatedSerialNumbers(year: number): Promise<number[]> {
  const rows = await prisma.certificate.findMany({
    where: { serial: { startsWith: `AULA-${year}-` }, status: { not: 'valid' } },
    select: { serial: true },
  })
  return rows.flatMap(({ serial }) => {
    const position = statusListPosition(serial)
    return position ? [position.index] : []
  })
}
