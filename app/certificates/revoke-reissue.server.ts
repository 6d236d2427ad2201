// Changing a valid certificate: revoke it with a reason, or re-issue it (new serial and code, the
// learner's current certificate name) replacing it. Each takes the learner-course lock and checks
// again; each is audited and mails the holder in the same transaction.
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { UnprintableTextError } from './errors.server.ts'
import {
  type Holder,
  HOLDER_SELECT,
  lockLearnerCourse,
  queueHolderMail,
  type Rendered,
  renderCertificate,
  storeCertificate,
} from './render.server.ts'

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
