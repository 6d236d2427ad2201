// One-time tokens for e-mailed links (verify e-mail, reset password). Only a SHA-256 of the
// token is stored; the token travels in the link alone.
import { createHash, randomBytes } from 'node:crypto'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { type VerificationPurpose } from '#app/generated/prisma/enums.ts'
import { prisma } from '#app/utils/db.server.ts'
import { hashPassword } from './password.server.ts'

export const TOKEN_TTL_MS: Record<VerificationPurpose, number> = {
  email: 48 * 60 * 60 * 1000,
  reset: 60 * 60 * 1000,
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export async function createVerification(userId: string, email: string, purpose: VerificationPurpose) {
  const token = randomBytes(32).toString('base64url')
  await prisma.$transaction([
    // A new link replaces older unused ones.
    prisma.verification.deleteMany({ where: { userId, purpose, usedAt: null } }),
    prisma.verification.create({
      data: {
        userId,
        email,
        purpose,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + TOKEN_TTL_MS[purpose]),
      },
      select: { id: true },
    }),
  ])
  return token
}

/** The unused, unexpired verification for this token, or null. */
export function findVerification(token: string, purpose: VerificationPurpose) {
  return prisma.verification.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, userId: true, email: true },
  })
}

/**
 * Uses the token up, atomically: one conditional UPDATE marks it used only if it is still unused
 * and unexpired. Of simultaneous requests with one token, the first takes the row lock and wins;
 * the others wait, find it used, and get null (PostgreSQL re-checks the condition after the lock).
 */
async function consumeVerification(tx: Prisma.TransactionClient, token: string, purpose: VerificationPurpose) {
  const tokenHash = hashToken(token)
  const now = new Date()
  const { count } = await tx.verification.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  })
  if (count !== 1) return null
  return tx.verification.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true, email: true } })
}

export type TokenResult = { ok: true } | { ok: false; error: 'invalid-token' }

/**
 * A password reset by the mailed link: sets the new password, signs the person out everywhere and,
 * since following the link proves the mailbox, verifies the address. The link works once, even
 * when used by several requests at the same moment.
 */
export async function resetPassword(input: { token: string; password: string }): Promise<TokenResult> {
  // A link that is plainly not valid costs no hashing.
  if (!(await findVerification(input.token, 'reset'))) return { ok: false, error: 'invalid-token' }
  // Hashed before the transaction: it takes ~100 ms and holds no lock meanwhile.
  const hash = await hashPassword(input.password)
  return prisma.$transaction(async (tx): Promise<TokenResult> => {
    const verification = await consumeVerification(tx, input.token, 'reset')
    if (!verification) return { ok: false, error: 'invalid-token' }
    const { userId, email } = verification
    await tx.password.upsert({
      where: { userId },
      create: { userId, hash },
      update: { hash },
      select: { userId: true },
    })
    // Whoever had the old password is signed out everywhere.
    await tx.session.deleteMany({ where: { userId } })
    await tx.user.updateMany({
      where: { id: userId, email, emailVerifiedAt: null },
      data: { emailVerifiedAt: new Date() },
    })
    return { ok: true }
  })
}

/** Confirms an address by the mailed link (once), if it is still the one the link was sent to. */
export async function confirmEmail(token: string): Promise<TokenResult> {
  return prisma.$transaction(async (tx): Promise<TokenResult> => {
    const verification = await consumeVerification(tx, token, 'email')
    if (!verification) return { ok: false, error: 'invalid-token' }
    await tx.user.updateMany({
      where: { id: verification.userId, email: verification.email },
      data: { emailVerifiedAt: new Date() },
    })
    return { ok: true }
  })
}
