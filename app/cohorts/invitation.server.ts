// The invitation of an account a cohort import created: a token to choose a password and its
// mail, queued in the transaction that creates the account (run.server.ts).
import { randomBytes } from 'node:crypto'
import { hashToken } from '#app/accounts/token.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { type Email, linkEmail, queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

/** Invitations to choose a password stay valid this long (a reset link: one hour). */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000

type Tx = Prisma.TransactionClient

/**
 * The invitation of an account the import created: a token to choose a password and its mail,
 * written in the caller's transaction and marked on the row.
 */
export async function queueInvitation(
  tx: Tx,
  row: { id: string; userId: string; email: string; displayName: string; locale: string },
  courseId: string,
) {
  const token = randomBytes(32).toString('base64url')
  await tx.verification.create({
    data: {
      userId: row.userId,
      email: row.email,
      purpose: 'reset',
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    },
    select: { id: true },
  })
  await queueEmail(tx, {
    ...invitationEmail(row.email, row.displayName, row.locale as Lang, token, courseId),
    dedupeKey: `cohort-invitation:${row.id}`,
  })
  await tx.cohortImportRow.update({ where: { id: row.id }, data: { invitedAt: new Date() }, select: { id: true } })
}

/**
 * Rows of accounts created without an invitation (imports run before invitations were queued
 * with their batch): each is claimed (`invitedAt`) and queued in one transaction.
 */
export async function queueMissingInvitations(importId: string) {
  await prisma.$transaction(
    async (tx) => {
      const pending = await tx.cohortImportRow.findMany({
        where: { importId, outcome: 'created', invitedAt: null, userId: { not: null } },
        select: {
          id: true,
          userId: true,
          email: true,
          displayName: true,
          locale: true,
          import: { select: { courseId: true } },
        },
        orderBy: { rowNumber: 'asc' },
      })
      for (const row of pending) {
        const claimed = await tx.cohortImportRow.updateMany({
          where: { id: row.id, invitedAt: null },
          data: { invitedAt: new Date() },
        })
        if (claimed.count === 0) continue
        await queueInvitation(tx, { ...row, userId: row.userId! }, row.import.courseId)
      }
    },
    { maxWait: 20_000, timeout: 60_000 },
  )
}

function invitationEmail(to: string, name: string, lang: Lang, token: string, courseId: string): Email {
  const t = getT(lang, 'payments')
  const url = appUrl(`/${lang}/reset-password?${new URLSearchParams({ token })}`)
  const course = getCourse(courseId)?.title[lang] ?? courseId
  return {
    to,
    subject: t('mail.invite.subject', { course }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name }),
      body: t('mail.invite.body', { course }),
      action: t('mail.invite.action'),
      url,
      footer: t('mail.footer'),
    }),
  }
}
