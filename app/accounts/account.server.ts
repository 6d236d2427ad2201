// A person's own account: sign-up, e-mail verification links, profile, password and sessions. The
// account pages (sign-up, log-in, /account, /account/password, /account/delete) parse their forms
// and call these; the rate limits, cookies and answers stay with the routes (ADR 018).
import { type z } from 'zod'
import { consentRecord } from '#app/legal/legal.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { type ProfileFields } from '#app/utils/validation.ts'
import { sendAlreadyRegisteredEmail, sendVerificationEmail } from './mail.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import { createVerification } from './token.server.ts'

export type Profile = { [K in keyof typeof ProfileFields]: z.output<(typeof ProfileFields)[K]> }

/**
 * Signs someone up with the consent the form required (its date and the texts' versions), and
 * mails them the verification link. An address that is taken creates nothing: its owner is told by
 * mail instead, and the caller cannot tell the two apart (the page never says an address is taken).
 * The password is hashed before the look-up, so both branches take the same time.
 */
export async function signUp(input: { email: string; password: string; profile: Profile }): Promise<void> {
  const { email, profile } = input
  const hash = await hashPassword(input.password)
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } })
  if (existing) return sendAlreadyRegisteredEmail(email, profile.preferredLocale)
  const user = await prisma.user.create({
    data: { ...profile, ...consentRecord(), email, password: { create: { hash } } },
    select: { id: true, email: true, displayName: true, preferredLocale: true },
  })
  await sendEmailVerification(user)
}

/** A fresh verification link (it replaces older unused ones), mailed in the person's language. */
export async function sendEmailVerification(user: {
  id: string
  email: string
  displayName: string
  preferredLocale: Lang
}): Promise<void> {
  const token = await createVerification(user.id, user.email, 'email')
  await sendVerificationEmail(user.email, user.displayName, user.preferredLocale, token)
}

/** What log-in needs of an account once the password is checked. */
export function accountForLogin(userId: string) {
  return prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, displayName: true, emailVerifiedAt: true, preferredLocale: true },
  })
}

/** What the account page shows besides the session's user: open sessions and the tax ID. */
export async function accountSettings(userId: string) {
  const [sessions, { taxId }] = await Promise.all([
    prisma.session.count({ where: { userId, expiresAt: { gt: new Date() } } }),
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { taxId: true } }),
  ])
  return { sessions, taxId: taxId ?? '' }
}

/** Saves the profile; an empty tax ID is stored as none. */
export async function updateProfile(userId: string, input: Profile & { taxId: string }): Promise<void> {
  const { taxId, ...profile } = input
  await prisma.user.update({ where: { id: userId }, data: { ...profile, taxId: taxId || null }, select: { id: true } })
}

/** Whether `password` is the account's current password (asked again before a sensitive change). */
export async function isCurrentPassword(userId: string, password: string): Promise<boolean> {
  const stored = await prisma.password.findUnique({ where: { userId }, select: { hash: true } })
  return Boolean(stored && (await verifyPassword(password, stored.hash)))
}

/** Sets a new password and signs out every other device; the session `keepSessionId` stays. */
export async function changePassword(input: { userId: string; password: string; keepSessionId: string }) {
  const hash = await hashPassword(input.password)
  await prisma.$transaction([
    prisma.password.update({ where: { userId: input.userId }, data: { hash }, select: { userId: true } }),
    prisma.session.deleteMany({ where: { userId: input.userId, id: { not: input.keepSessionId } } }),
  ])
}

/** Ends every session of the account, this one included. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { userId } })
}
