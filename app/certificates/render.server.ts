// What issue and re-issue share: the holder as a certificate needs them, rendering (a serial, both
// PDFs and the signed credential, outside any transaction or lock), storing the rendered certificate
// with its audit entry, the learner-course lock, and the holder's mail queued in the same transaction.
import { createHash } from 'node:crypto'
import { audit } from '#app/audit/audit.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { queueEmail } from '#app/mail/email.server.ts'
import { isLang, type Lang } from '#app/utils/i18n.ts'
import { advisoryXactLock } from '#app/utils/sql.server.ts'
import { allocateSerial, newVerificationCode, verificationUrl } from './codes.server.ts'
import { signCredential } from './credential.server.ts'
import { issuer } from './issuer.server.ts'
import { certificateEmail } from './mail.server.ts'

export type Tx = Prisma.TransactionClient

export async function lockLearnerCourse(tx: Tx, userId: string, courseId: string) {
  await advisoryXactLock(tx, `certificate:${userId}:${courseId}`)
}

function sha256(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex')
}

export type IssueSource = 'automatic' | 'admin' | 'approval' | 'bulk' | 'reissue'

export type Holder = {
  id: string
  email: string
  displayName: string
  certificateName: string
  country: string | null
  preferredLocale: Lang
  deletedAt: Date | null
}

export const HOLDER_SELECT = {
  id: true,
  email: true,
  displayName: true,
  certificateName: true,
  country: true,
  preferredLocale: true,
  deletedAt: true,
} as const

export type Rendered = {
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
export async function renderCertificate(input: {
  holder: Holder
  course: ManifestCourse
  completedAt: Date
}): Promise<Rendered> {
  const { holder, course } = input
  // The PDF libraries (pdf-lib, fontkit, qrcode: about 60 MB) load where certificates are
  // rendered (the job runner), not in every process at start.
  const { assertPrintable, renderCertificatePdf } = await import('./pdf.server.ts')
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
export async function storeCertificate(
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

/**
 * Queues the holder's mail in the transaction that changes the certificate: it goes out exactly
 * when the change commits. A deleted account has no mailbox.
 */
export async function queueHolderMail(
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
