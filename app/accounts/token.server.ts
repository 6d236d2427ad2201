// One-time tokens for e-mailed links (verify e-mail, reset password). Only a SHA-256 of the
// token is stored; the token travels in the link alone.
import { createHash, randomBytes } from 'node:crypto'
import { type VerificationPurpose } from '#app/generated/prisma/enums.ts'
import { prisma } from '#app/utils/db.server.ts'

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
