// Certificates: issued when a course's rule is met (or queued for approval when course.yaml asks),
// or by an administrator; re-issued after a name correction; revoked with a reason. Each one is
// rendered to PDF in both languages and signed as an Open Badges 3.0 credential once, at issue,
// and stored: what is served later is exactly what was issued.
//
// One place reacts to a completed course: onCourseCompleted(), called by the transaction that
// records the completion. It adds the `certificate:issue` job (or the approval request) in that
// same transaction, so no completion is left without its certificate, and the learner's request
// does none of the work: a job runner issues it moments later (ADR 012).
//
// Issuing (ADR 012): checks, then the year's next serial (one statement: the counter's row is
// locked only for it), then the PDFs and the credential, outside any transaction or lock, so
// certificates for different learners are made in parallel; then a short transaction stores the
// certificate with its audit entry and mail. Every change to a learner's certificate for a course
// takes a transaction-scoped advisory lock on (learner, course) and checks again, and a partial
// unique index allows one valid certificate per learner and course, so a double completion, an
// automatic issue racing an administrator, or two bulk runners still give one valid certificate.
// A serial taken by an issue that then found nothing to do stays unused: serials are unique and
// increasing, not gapless.
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { enqueue } from '#app/jobs/queue.server.ts'
import { queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { isLang, type Lang } from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'
import { advisoryXactLock, parseRows } from '#app/utils/sql.server.ts'
import { signCredential, statusListPosition } from './credential.server.ts'
import { issuer } from './issuer.server.ts'
import { certificateEmail } from './mail.server.ts'
import { assertPrintable, renderCertificatePdf, UnprintableTextError } from './pdf.server.ts'

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
async function allocateSerial(year: number) {
  const [row] = parseRows(
    SerialRow,
    await prisma.$queryRaw<unknown[]>`
    INSERT INTO "CertificateSerial" (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "CertificateSerial".last + 1
    RETURNING last`,
  )
  return formatSerial(year, row!.last)
}

async function lockLearnerCourse(tx: Tx, userId: string, courseId: string) {
  await advisoryXactLock(tx, `certificate:${userId}:${courseId}`)
}

function sha256(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex')
}

export type IssueSource = 'automatic' | 'admin' | 'approval' | 'bulk' | 'reissue'

type Holder = {
  id: string
  email: string
  displayName: string
  certificateName: string
  country: string | null
  preferredLocale: Lang
  deletedAt: Date | null
}

const HOLDER_SELECT = {
  id: true,
  email: true,
  displayName: true,
  certificateName: true,
  country: true,
  preferredLocale: true,
  deletedAt: true,
} as const

type Rendered = {
  serial: string
  code: string
  issuedAt: Date
  holderName: string
  pdfEn: Uint8Array<ArrayBuffer>
  pdfEs: Uint8Array<ArrayBuffer>
  credentialJwt: string
}

/**
 * Takes a serial, then renders both PDFs and signs the credential: the slow part of an issue,
 * outside any transaction and lock. Throws UnprintableTextError (before taking a serial) when the
 * font cannot print the name or the course title.
 */
async function renderCertificate(input: {
  holder: Holder
  course: ManifestCourse
  completedAt: Date
}): Promise<Rendered> {
  const { holder, course } = input
  assertPrintable(`${holder.certificateName}${course.title.en}${course.title.es}`)
  const issuedAt = new Date()
  const serial = await allocateSerial(issuedAt.getUTCFullYear())
  const code = newVerificationCode()
  const config = issuer()
  const common = {
    serial,
    holderName: holder.certificateName,
    hours: course.hours,
    completedAt: input.completedAt,
    country: holder.country,
    issuer: config,
  }
  const [pdfEn, pdfEs, credentialJwt] = await Promise.all([
    renderCertificatePdf(
      { ...common, courseTitle: course.title.en, verificationUrl: verificationUrl(code, 'en') },
      'en',
    ),
    renderCertificatePdf(
      { ...common, courseTitle: course.title.es, verificationUrl: verificationUrl(code, 'es') },
      'es',
    ),
    signCredential({
      code,
      serial,
      holderName: holder.certificateName,
      holderEmail: holder.email,
      courseId: course.id,
      courseTitleEn: course.title.en,
      courseTitleEs: course.title.es,
      hours: course.hours,
      issuedAt,
      issuerName: config.name.en,
      issuerUrl: config.url,
    }),
  ])
  return { serial, code, issuedAt, holderName: holder.certificateName, pdfEn, pdfEs, credentialJwt }
}

/**
 * Stores a rendered certificate inside the caller's short transaction (which holds the
 * learner-course lock), marks a pending approval request for it approved, and audits it.
 */
async function storeCertificate(
  tx: Tx,
  input: {
    holder: Holder
    course: ManifestCourse
    actorId: string | null
    completedAt: Date
    source: IssueSource
    rendered: Rendered
  },
) {
  const { rendered } = input
  const config = issuer()
  const certificate = await tx.certificate.create({
    data: {
      serial: rendered.serial,
      verificationCode: rendered.code,
      userId: input.holder.id,
      courseId: input.course.id,
      holderName: rendered.holderName,
      courseTitleEn: input.course.title.en,
      courseTitleEs: input.course.title.es,
      hours: input.course.hours,
      completedAt: input.completedAt,
      contentHash: input.course.contentHash,
      issuerNameEn: config.name.en,
      issuerNameEs: config.name.es,
      issuedAt: rendered.issuedAt,
      pdfEn: rendered.pdfEn,
      pdfEs: rendered.pdfEs,
      pdfEnSha256: sha256(rendered.pdfEn),
      pdfEsSha256: sha256(rendered.pdfEs),
      credentialJwt: rendered.credentialJwt,
      actorId: input.actorId,
    },
    select: { id: true, serial: true, verificationCode: true },
  })
  await tx.certificateRequest.updateMany({
    where: { userId: input.holder.id, courseId: input.course.id, status: 'pending' },
    data: { status: 'approved', decidedAt: rendered.issuedAt, actorId: input.actorId, certificateId: certificate.id },
  })
  await audit(tx, {
    actorId: input.actorId,
    action: input.source === 'reissue' ? 'certificate.reissue' : 'certificate.issue',
    subject: `certificate:${certificate.id}`,
    data: { serial: rendered.serial, userId: input.holder.id, courseId: input.course.id, source: input.source },
  })
  return certificate
}

/** Every failure of the certificates module (this file and batch.server.ts). */
export type CertificateError =
  | 'unknown-learner'
  | 'unknown-course'
  | 'unknown-cohort'
  | 'not-found'
  | 'not-enrolled'
  | 'already-issued'
  | 'not-valid'
  | 'not-pending'
  | 'batch-running'
  | 'unprintable-name'

/** What a certificate failure means over HTTP and to a person (routes answer with refuse(submission, domainError(…))). */
export const CERTIFICATE_ERRORS: ErrorTable<CertificateError> = {
  'unknown-learner': { status: 404, message: 'certificates:errors.unknownLearner' },
  'unknown-course': { status: 404, message: 'certificates:errors.unknownCourse' },
  'unknown-cohort': { status: 404, message: 'certificates:errors.unknownCohort' },
  'not-found': { status: 404, message: 'certificates:errors.notFound' },
  'not-enrolled': { status: 409, message: 'certificates:errors.notEnrolled' },
  'already-issued': { status: 409, message: 'certificates:errors.alreadyIssued' },
  'not-valid': { status: 409, message: 'certificates:errors.notValid' },
  'not-pending': { status: 409, message: 'certificates:errors.requestNotPending' },
  'batch-running': { status: 409, message: 'certificates:errors.batchRunning' },
  'unprintable-name': { status: 409, message: 'certificates:errors.unprintableName' },
}

export type IssueResult =
  | { ok: true; certificate: { id: string; serial: string; verificationCode: string } }
  | { ok: false; error: 'unknown-learner' | 'unknown-course' | 'not-enrolled' | 'already-issued' | 'unprintable-name' }

type IssueInput = {
  userId: string
  courseId: string
  actorId: string | null
  source: IssueSource
  requireNoCertificate?: boolean
  /** Bulk runs count their progress in the same transaction as the issue. */
  onIssued?: (tx: Tx) => Promise<void>
}

/** Whether the learner may get the certificate now: read before the work, and again under the lock. */
async function issuable(db: Tx, input: IssueInput) {
  const holder = await db.user.findFirst({ where: { id: input.userId, deletedAt: null }, select: HOLDER_SELECT })
  if (!holder) return { ok: false, error: 'unknown-learner' } as const
  const enrolment = await db.enrolment.findUnique({
    where: { userId_courseId: { userId: input.userId, courseId: input.courseId } },
    select: { completedAt: true },
  })
  if (!enrolment) return { ok: false, error: 'not-enrolled' } as const
  const existing = await db.certificate.findFirst({
    where: {
      userId: input.userId,
      courseId: input.courseId,
      ...(input.requireNoCertificate ? {} : { status: 'valid' }),
    },
    select: { id: true },
  })
  if (existing) return { ok: false, error: 'already-issued' } as const
  const found: Holder = { ...holder, preferredLocale: holder.preferredLocale as Lang }
  return { ok: true, holder: found, completedAt: enrolment.completedAt ?? new Date() } as const
}

/**
 * Issues a certificate to a learner for a course, unless a valid one exists. With
 * `requireNoCertificate` (automatic and bulk issue), any earlier certificate, even a revoked one,
 * stops it: a revoked certificate is never silently replaced.
 */
export async function issueCertificate(input: IssueInput): Promise<IssueResult> {
  const course = getCourse(input.courseId)
  if (!course) return { ok: false, error: 'unknown-course' }
  // Most calls with nothing to do stop here, before taking a serial.
  const before = await issuable(prisma, input)
  if (!before.ok) return before
  let rendered: Rendered
  try {
    rendered = await renderCertificate({ holder: before.holder, course, completedAt: before.completedAt })
  } catch (error) {
    if (error instanceof UnprintableTextError) return { ok: false, error: 'unprintable-name' }
    throw error
  }
  return prisma.$transaction(async (tx): Promise<IssueResult> => {
    await lockLearnerCourse(tx, input.userId, input.courseId)
    // Someone may have issued it (or the account gone) while this one rendered.
    const now = await issuable(tx, input)
    if (!now.ok) return now
    const certificate = await storeCertificate(tx, {
      holder: now.holder,
      course,
      actorId: input.actorId,
      completedAt: before.completedAt,
      source: input.source,
      rendered,
    })
    await input.onIssued?.(tx)
    await queueHolderMail(tx, 'issued', now.holder, course, certificate.serial, certificate.verificationCode)
    return { ok: true, certificate }
  })
}

/**
 * Queues the holder's mail in the transaction that changes the certificate: it goes out exactly
 * when the change commits. A deleted account has no mailbox.
 */
async function queueHolderMail(
  tx: Tx,
  kind: 'issued' | 'reissued' | 'revoked',
  holder: Holder,
  course: { title: { en: string; es: string } },
  serial: string,
  code: string,
  reason?: string,
) {
  if (holder.deletedAt) return
  const lang = isLang(holder.preferredLocale) ? holder.preferredLocale : 'en'
  await queueEmail(tx, {
    ...certificateEmail(kind, {
      to: holder.email,
      name: holder.displayName,
      lang,
      courseTitle: course.title[lang],
      serial,
      url: verificationUrl(code, lang),
      reason,
    }),
    dedupeKey: `certificate:${serial}:${kind}`,
  })
}

/** Puts a completed course's certificate in the administrators' approval queue (once). */
async function requestApproval(db: Tx, userId: string, courseId: string) {
  await db.certificateRequest.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId },
    update: {},
    select: { id: true },
  })
}

/**
 * The one reaction to a completed course, inside the transaction that recorded the completion
 * (progress.server.ts): the approval request when the course asks for one, else the job that
 * issues the certificate. Both commit, or neither does, with the completion.
 */
export async function onCourseCompleted(tx: Tx, userId: string, course: ManifestCourse) {
  if (course.certificate.approval) return requestApproval(tx, userId, course.id)
  // One waiting job per learner and course; the issue itself is idempotent besides.
  const jobKey = `certificate-issue:${userId}:${course.id}`
  await enqueue(tx, 'certificate:issue', { userId, courseId: course.id }, { jobKey })
}

/**
 * The `certificate:issue` task. A certificate that exists already is not issued again; a course
 * that has come to ask for approval gets the request instead; a name the font cannot print goes
 * to the administrators' approval queue too (the learner's page then says so) instead of being
 * retried in vain; an account or enrolment that went away meanwhile gets nothing. Errors (the
 * database, the signing key) are thrown: the runner retries.
 */
export async function issueOnCompletion(input: { userId: string; courseId: string }) {
  if (getCourse(input.courseId)?.certificate.approval) return requestApproval(prisma, input.userId, input.courseId)
  const result = await issueCertificate({ ...input, actorId: null, source: 'automatic', requireNoCertificate: true })
  if (result.ok || result.error === 'already-issued') return
  if (result.error === 'unprintable-name') await requestApproval(prisma, input.userId, input.courseId)
  logger.warn({ ...input, error: result.error }, 'automatic certificate not issued')
}

export type ChangeResult =
  | { ok: true; serial: string }
  | { ok: false; error: 'not-found' | 'not-valid' | 'unknown-course' | 'unknown-learner' | 'unprintable-name' }

export async function revokeCertificate(input: {
  certificateId: string
  actorId: string
  reason: string
  /** When acting from one person's page: a certificate of anyone else is 'not-found'. */
  holderId?: string
}): Promise<ChangeResult> {
  const now = new Date()
  const result = await prisma.$transaction(async (tx) => {
    const certificate = await tx.certificate.findUnique({
      where: { id: input.certificateId },
      select: {
        id: true,
        userId: true,
        courseId: true,
        serial: true,
        verificationCode: true,
        status: true,
        courseTitleEn: true,
        courseTitleEs: true,
      },
    })
    if (!certificate || (input.holderId && certificate.userId !== input.holderId))
      return { ok: false, error: 'not-found' } as const
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
      data: {
        serial: certificate.serial,
        userId: certificate.userId,
        courseId: certificate.courseId,
        reason: input.reason,
      },
    })
    const holder = await tx.user.findUniqueOrThrow({ where: { id: certificate.userId }, select: HOLDER_SELECT })
    const titles = { title: { en: certificate.courseTitleEn, es: certificate.courseTitleEs } }
    await queueHolderMail(
      tx,
      'revoked',
      holder as Holder,
      titles,
      certificate.serial,
      certificate.verificationCode,
      input.reason,
    )
    return { ok: true, certificate } as const
  })
  if (!result.ok) return result
  return { ok: true, serial: result.certificate.serial }
}

/**
 * A new certificate (new serial and code, the learner's current certificate name) replacing a
 * valid one. Rendered like an issue, outside the lock; the swap is one short transaction.
 */
export async function reissueCertificate(input: {
  certificateId: string
  actorId: string
  /** When acting from one person's page: a certificate of anyone else is 'not-found'. */
  holderId?: string
}): Promise<ChangeResult> {
  const old = await prisma.certificate.findUnique({
    where: { id: input.certificateId },
    select: { id: true, userId: true, courseId: true, status: true, completedAt: true },
  })
  if (!old || (input.holderId && old.userId !== input.holderId)) return { ok: false, error: 'not-found' }
  const course = getCourse(old.courseId)
  if (!course) return { ok: false, error: 'unknown-course' }
  if (old.status !== 'valid') return { ok: false, error: 'not-valid' }
  const found = await prisma.user.findFirst({ where: { id: old.userId, deletedAt: null }, select: HOLDER_SELECT })
  if (!found) return { ok: false, error: 'unknown-learner' }
  const holder: Holder = { ...found, preferredLocale: found.preferredLocale as Lang }
  let rendered: Rendered
  try {
    rendered = await renderCertificate({ holder, course, completedAt: old.completedAt })
  } catch (error) {
    if (error instanceof UnprintableTextError) return { ok: false, error: 'unprintable-name' }
    throw error
  }
  const result = await prisma.$transaction(async (tx) => {
    await lockLearnerCourse(tx, old.userId, old.courseId)
    const current = await tx.certificate.findUnique({ where: { id: old.id }, select: { status: true } })
    if (current?.status !== 'valid') return { ok: false, error: 'not-valid' } as const
    // The old one leaves "valid" first, so the new one is the only valid certificate.
    await tx.certificate.update({ where: { id: old.id }, data: { status: 'superseded' }, select: { id: true } })
    const replacement = await storeCertificate(tx, {
      holder,
      course,
      actorId: input.actorId,
      completedAt: old.completedAt,
      source: 'reissue',
      rendered,
    })
    await tx.certificate.update({
      where: { id: old.id },
      data: { supersededById: replacement.id },
      select: { id: true },
    })
    await queueHolderMail(tx, 'reissued', holder, course, replacement.serial, replacement.verificationCode)
    return { ok: true, replacement } as const
  })
  if (!result.ok) return result
  return { ok: true, serial: result.replacement.serial }
}

export async function rejectCertificateRequest(input: { requestId: string; actorId: string; reason: string }) {
  const result = await prisma.$transaction(async (tx) => {
    const changed = await tx.certificateRequest.updateMany({
      where: { id: input.requestId, status: 'pending' },
      data: { status: 'rejected', decidedAt: new Date(), actorId: input.actorId, reason: input.reason },
    })
    if (changed.count === 0) return null
    await audit(tx, {
      actorId: input.actorId,
      action: 'certificate.request.reject',
      subject: `certificate-request:${input.requestId}`,
      data: { reason: input.reason },
    })
    const request = await tx.certificateRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      select: { courseId: true, user: { select: HOLDER_SELECT } },
    })
    // The learner is told why, in their language, and sees it on their dashboard.
    const course = getCourse(request.courseId)
    if (course && !request.user.deletedAt) {
      const lang = isLang(request.user.preferredLocale) ? request.user.preferredLocale : 'en'
      await queueEmail(
        tx,
        certificateEmail('rejected', {
          to: request.user.email,
          name: request.user.displayName,
          lang,
          courseTitle: course.title[lang],
          serial: '',
          url: appUrl(`/${lang}/dashboard`),
          reason: input.reason,
        }),
      )
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
  return issueCertificate({
    userId: request.userId,
    courseId: request.courseId,
    actorId: input.actorId,
    source: 'approval',
  })
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
