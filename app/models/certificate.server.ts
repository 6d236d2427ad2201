// Certificates: issued when a course's rule is met (or queued for approval when course.yaml asks),
// or by an administrator; re-issued after a name correction; revoked with a reason. Each one is
// rendered to PDF in both languages and signed as an Open Badges 3.0 credential once, at issue,
// and stored: what is served later is exactly what was issued.
//
// Concurrency: every change to a learner's certificate for a course takes a transaction-scoped
// advisory lock on (learner, course), so a double completion, an automatic issue racing an
// administrator, or two bulk runners still give one valid certificate.
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { getCourse } from '#app/content/catalog.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { certificateEmail } from '#app/certificates/mail.server.ts'
import { issuer } from '#app/certificates/issuer.server.ts'
import { renderCertificatePdf, UnprintableTextError } from '#app/certificates/pdf.server.ts'
import { signCredential } from '#app/certificates/credential.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Email, mailTransaction } from '#app/utils/email.server.ts'
import { env } from '#app/utils/env.server.ts'
import { isLang, type Lang } from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'
import { advisoryXactLock, parseRows } from '#app/utils/sql.server.ts'

type Tx = Prisma.TransactionClient

/** 20 random bytes, base64url: 160 bits, 27 characters. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{27}$/
export function newVerificationCode() {
  return randomBytes(20).toString('base64url')
}

export function isVerificationCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_PATTERN.test(value)
}

export function verificationUrl(code: string, lang: Lang) {
  return new URL(`/${lang}/verify/${code}`, env().APP_URL).toString()
}

export function formatSerial(year: number, n: number) {
  return `AULA-${year}-${String(n).padStart(6, '0')}`
}

/** The next serial of the year: one atomic upsert (the row lock is held until commit). */
async function nextSerial(tx: Tx, year: number) {
  // Hand-written: an atomic increment-or-insert that returns the new value (the ORM's upsert cannot).
  const [row] = parseRows(z.object({ last: z.number().int() }), await tx.$queryRaw<unknown[]>`
    INSERT INTO "CertificateSerial" (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "CertificateSerial".last + 1
    RETURNING last`)
  return formatSerial(year, row!.last)
}

async function lockLearnerCourse(tx: Tx, userId: string, courseId: string) {
  await advisoryXactLock(tx, `certificate:${userId}:${courseId}`)
}

function sha256(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex')
}

export type IssueSource = 'automatic' | 'admin' | 'approval' | 'bulk' | 'reissue'

type Holder = { id: string; email: string; displayName: string; certificateName: string; country: string | null; preferredLocale: Lang; deletedAt: Date | null }

const HOLDER_SELECT = { id: true, email: true, displayName: true, certificateName: true, country: true, preferredLocale: true, deletedAt: true } as const

/**
 * Renders, signs and stores one certificate inside the caller's transaction (which holds the
 * learner-course lock). Marks a pending approval request for it approved.
 */
async function createCertificate(
  tx: Tx,
  input: { holder: Holder; course: ManifestCourse; actorId: string | null; completedAt: Date; source: IssueSource; now?: Date },
) {
  const now = input.now ?? new Date()
  const serial = await nextSerial(tx, now.getUTCFullYear())
  const code = newVerificationCode()
  const config = issuer()
  const common = {
    serial,
    holderName: input.holder.certificateName,
    hours: input.course.hours,
    completedAt: input.completedAt,
    country: input.holder.country,
    issuer: config,
  }
  const [pdfEn, pdfEs, credentialJwt] = await Promise.all([
    renderCertificatePdf({ ...common, courseTitle: input.course.title.en, verificationUrl: verificationUrl(code, 'en') }, 'en'),
    renderCertificatePdf({ ...common, courseTitle: input.course.title.es, verificationUrl: verificationUrl(code, 'es') }, 'es'),
    signCredential({
      code,
      serial,
      holderName: input.holder.certificateName,
      courseId: input.course.id,
      courseTitleEn: input.course.title.en,
      courseTitleEs: input.course.title.es,
      hours: input.course.hours,
      issuedAt: now,
      issuerName: config.name.en,
      issuerUrl: config.url,
    }),
  ])
  const certificate = await tx.certificate.create({
    data: {
      serial,
      verificationCode: code,
      userId: input.holder.id,
      courseId: input.course.id,
      holderName: input.holder.certificateName,
      courseTitleEn: input.course.title.en,
      courseTitleEs: input.course.title.es,
      hours: input.course.hours,
      completedAt: input.completedAt,
      contentHash: input.course.contentHash,
      issuerNameEn: config.name.en,
      issuerNameEs: config.name.es,
      issuedAt: now,
      pdfEn,
      pdfEs,
      pdfEnSha256: sha256(pdfEn),
      pdfEsSha256: sha256(pdfEs),
      credentialJwt,
      actorId: input.actorId,
    },
    select: { id: true, serial: true, verificationCode: true },
  })
  await tx.certificateRequest.updateMany({
    where: { userId: input.holder.id, courseId: input.course.id, status: 'pending' },
    data: { status: 'approved', decidedAt: now, actorId: input.actorId, certificateId: certificate.id },
  })
  await audit(tx, {
    actorId: input.actorId,
    action: input.source === 'reissue' ? 'certificate.reissue' : 'certificate.issue',
    subject: `certificate:${certificate.id}`,
    data: { serial, userId: input.holder.id, courseId: input.course.id, source: input.source },
  })
  return certificate
}

export type IssueResult =
  | { ok: true; certificate: { id: string; serial: string; verificationCode: string } }
  | { ok: false; error: 'unknown-learner' | 'unknown-course' | 'not-enrolled' | 'already-issued' | 'unprintable-name' }

/**
 * Issues a certificate to a learner for a course, unless a valid one exists. With
 * `requireNoCertificate` (automatic issue), any earlier certificate, even a revoked one, stops it:
 * a revoked certificate is never silently replaced.
 */
export async function issueCertificate(input: {
  userId: string
  courseId: string
  actorId: string | null
  source: IssueSource
  requireNoCertificate?: boolean
  /** Bulk runs count their progress in the same transaction as the issue. */
  onIssued?: (tx: Tx) => Promise<void>
}): Promise<IssueResult> {
  const course = getCourse(input.courseId)
  if (!course) return { ok: false, error: 'unknown-course' }
  const result = await mailTransaction(
      async (tx, queue): Promise<IssueResult> => {
        await lockLearnerCourse(tx, input.userId, input.courseId)
        const holder = await tx.user.findFirst({ where: { id: input.userId, deletedAt: null }, select: HOLDER_SELECT })
        if (!holder) return { ok: false, error: 'unknown-learner' }
        const enrollment = await tx.enrollment.findUnique({
          where: { userId_courseId: { userId: input.userId, courseId: input.courseId } },
          select: { completedAt: true },
        })
        if (!enrollment) return { ok: false, error: 'not-enrolled' }
        const existing = await tx.certificate.findFirst({
          where: { userId: input.userId, courseId: input.courseId, ...(input.requireNoCertificate ? {} : { status: 'valid' }) },
          select: { id: true },
        })
        if (existing) return { ok: false, error: 'already-issued' }
        const certificate = await createCertificate(tx, {
          holder: { ...holder, preferredLocale: holder.preferredLocale as Lang },
          course,
          actorId: input.actorId,
          completedAt: enrollment.completedAt ?? new Date(),
          source: input.source,
        })
        await input.onIssued?.(tx)
        await queueHolderMail(queue, 'issued', holder as Holder, course, certificate.serial, certificate.verificationCode)
        return { ok: true, certificate }
      },
      { timeout: 20_000 },
    )
    .catch((error: unknown) => {
      if (error instanceof UnprintableTextError) return { ok: false as const, error: 'unprintable-name' as const }
      throw error
    })
  return result
}

/**
 * Queues the holder's mail in the transaction that changes the certificate (ADR 010): it goes
 * out exactly when the change commits. A deleted account has no mailbox.
 */
async function queueHolderMail(
  queue: (email: Email & { dedupeKey?: string }) => Promise<void>,
  kind: 'issued' | 'reissued' | 'revoked',
  holder: Holder,
  course: { title: { en: string; es: string } },
  serial: string,
  code: string,
  reason?: string,
) {
  if (holder.deletedAt) return
  const lang = isLang(holder.preferredLocale) ? holder.preferredLocale : 'en'
  await queue({
    ...certificateEmail(kind, { to: holder.email, name: holder.displayName, lang, courseTitle: course.title[lang], serial, url: verificationUrl(code, lang), reason }),
    dedupeKey: `certificate:${serial}:${kind}`,
  })
}

/**
 * Called when a learner's course rule has just been met (after the transaction that recorded it):
 * issue at once, or queue for approval when the course asks. Idempotent and cheap when there is
 * nothing to do.
 */
export async function onCourseCompleted(userId: string, course: ManifestCourse) {
  if (course.certificate.approval) {
    await prisma.certificateRequest.upsert({
      where: { userId_courseId: { userId, courseId: course.id } },
      create: { userId, courseId: course.id },
      update: {},
      select: { id: true },
    })
    return { queued: true as const }
  }
  const result = await issueCertificate({ userId, courseId: course.id, actorId: null, source: 'automatic', requireNoCertificate: true })
  return { queued: false as const, result }
}

/**
 * onCourseCompleted for callers that must not fail because of it (a learner's quiz submission or
 * "mark complete"): the completion is already committed, and a certificate that could not be made
 * now is made later (the dashboard and the start-up catch-up retry it).
 */
export async function issueAfterCompletion(userId: string, course: ManifestCourse) {
  try {
    await onCourseCompleted(userId, course)
  } catch (error) {
    logger.error({ err: error, userId, courseId: course.id }, 'certificate issue after completion failed; will retry')
  }
}

/**
 * Completed enrolments that should have a certificate (or an approval request) and have neither:
 * what a crash between recording a completion and issuing left behind. Run at start.
 */
export async function issueMissingCertificates(limit = 500) {
  // Hand-written: two NOT EXISTS over other tables, which the ORM would write as two extra queries.
  const rows = parseRows(z.object({ userId: z.string(), courseId: z.string() }), await prisma.$queryRaw<unknown[]>`
    SELECT e."userId", e."courseId" FROM "Enrollment" e
    JOIN "User" u ON u.id = e."userId" AND u."deletedAt" IS NULL
    WHERE e.status = 'completed'
      AND NOT EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = e."userId" AND c."courseId" = e."courseId")
      AND NOT EXISTS (SELECT 1 FROM "CertificateRequest" r WHERE r."userId" = e."userId" AND r."courseId" = e."courseId")
    ORDER BY e."completedAt" LIMIT ${limit}`)
  let issued = 0
  for (const row of rows) {
    const course = getCourse(row.courseId)
    if (!course) continue
    const outcome = await onCourseCompleted(row.userId, course)
    if (!outcome.queued && outcome.result.ok) issued++
  }
  return { found: rows.length, issued }
}

export type ChangeResult =
  | { ok: true; serial: string }
  | { ok: false; error: 'not-found' | 'not-valid' | 'unknown-course' | 'unknown-learner' | 'unprintable-name' }

export async function revokeCertificate(input: { certificateId: string; actorId: string; reason: string }): Promise<ChangeResult> {
  const now = new Date()
  const result = await mailTransaction(async (tx, queue) => {
    const certificate = await tx.certificate.findUnique({
      where: { id: input.certificateId },
      select: { id: true, userId: true, courseId: true, serial: true, verificationCode: true, status: true, courseTitleEn: true, courseTitleEs: true },
    })
    if (!certificate) return { ok: false, error: 'not-found' } as const
    await lockLearnerCourse(tx, certificate.userId, certificate.courseId)
    const changed = await tx.certificate.updateMany({
      where: { id: certificate.id, status: 'valid' },
      data: { status: 'revoked', revokedAt: now, revokedReason: input.reason, actorId: input.actorId },
    })
    if (changed.count === 0) return { ok: false, error: 'not-valid' } as const
    await audit(tx, {
      actorId: input.actorId,
      action: 'certificate.revoke',
      subject: `certificate:${certificate.id}`,
      data: { serial: certificate.serial, userId: certificate.userId, courseId: certificate.courseId, reason: input.reason },
    })
    const holder = await tx.user.findUniqueOrThrow({ where: { id: certificate.userId }, select: HOLDER_SELECT })
    const titles = { title: { en: certificate.courseTitleEn, es: certificate.courseTitleEs } }
    await queueHolderMail(queue, 'revoked', holder as Holder, titles, certificate.serial, certificate.verificationCode, input.reason)
    return { ok: true, certificate } as const
  })
  if (!result.ok) return result
  return { ok: true, serial: result.certificate.serial }
}

/** A new certificate (new serial and code, the learner's current certificate name) replacing a valid one. */
export async function reissueCertificate(input: { certificateId: string; actorId: string }): Promise<ChangeResult> {
  const old = await prisma.certificate.findUnique({ where: { id: input.certificateId }, select: { id: true, userId: true, courseId: true } })
  if (!old) return { ok: false, error: 'not-found' }
  const course = getCourse(old.courseId)
  if (!course) return { ok: false, error: 'unknown-course' }
  const result = await mailTransaction(
      async (tx, queue) => {
        await lockLearnerCourse(tx, old.userId, old.courseId)
        const current = await tx.certificate.findUnique({ where: { id: old.id }, select: { status: true, completedAt: true } })
        if (current?.status !== 'valid') return { ok: false, error: 'not-valid' } as const
        const holder = await tx.user.findFirst({ where: { id: old.userId, deletedAt: null }, select: HOLDER_SELECT })
        if (!holder) return { ok: false, error: 'unknown-learner' } as const
        // The old one leaves "valid" first, so the new one is the only valid certificate.
        await tx.certificate.update({ where: { id: old.id }, data: { status: 'superseded' }, select: { id: true } })
        const replacement = await createCertificate(tx, {
          holder: holder as Holder,
          course,
          actorId: input.actorId,
          completedAt: current.completedAt,
          source: 'reissue',
        })
        await tx.certificate.update({ where: { id: old.id }, data: { supersededById: replacement.id }, select: { id: true } })
        await queueHolderMail(queue, 'reissued', holder as Holder, course, replacement.serial, replacement.verificationCode)
        return { ok: true, replacement } as const
      },
      { timeout: 20_000 },
    )
    .catch((error: unknown) => {
      if (error instanceof UnprintableTextError) return { ok: false as const, error: 'unprintable-name' as const }
      throw error
    })
  if (!result.ok) return result
  return { ok: true, serial: result.replacement.serial }
}

export async function rejectCertificateRequest(input: { requestId: string; actorId: string; reason: string }) {
  const result = await mailTransaction(async (tx, queue) => {
    const changed = await tx.certificateRequest.updateMany({
      where: { id: input.requestId, status: 'pending' },
      data: { status: 'rejected', decidedAt: new Date(), actorId: input.actorId, reason: input.reason },
    })
    if (changed.count === 0) return null
    await audit(tx, { actorId: input.actorId, action: 'certificate.request.reject', subject: `certificate-request:${input.requestId}`, data: { reason: input.reason } })
    const request = await tx.certificateRequest.findUniqueOrThrow({ where: { id: input.requestId }, select: { courseId: true, user: { select: HOLDER_SELECT } } })
    // The learner is told why, in their language, and sees it on their dashboard.
    const course = getCourse(request.courseId)
    if (course && !request.user.deletedAt) {
      const lang = isLang(request.user.preferredLocale) ? request.user.preferredLocale : 'en'
      await queue(certificateEmail('rejected', {
        to: request.user.email,
        name: request.user.displayName,
        lang,
        courseTitle: course.title[lang],
        serial: '',
        url: new URL(`/${lang}/dashboard`, env().APP_URL).toString(),
        reason: input.reason,
      }))
    }
    return request
  })
  if (!result) return { ok: false as const }
  return { ok: true as const }
}

export async function approveCertificateRequest(input: { requestId: string; actorId: string }) {
  const request = await prisma.certificateRequest.findFirst({
    where: { id: input.requestId, status: 'pending' },
    select: { userId: true, courseId: true },
  })
  if (!request) return { ok: false as const, error: 'not-pending' as const }
  return issueCertificate({ userId: request.userId, courseId: request.courseId, actorId: input.actorId, source: 'approval' })
}

// ---- Reading ----------------------------------------------------------------------------

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
    select: { credentialJwt: true, status: true, revokedAt: true, serial: true, supersededBy: { select: { verificationCode: true } } },
  })
}
