// Enrolment requests, where a paid course cannot be bought (no Stripe keys configured): a learner
// asks; an administrator approves (enrols) or declines, audited in the same transaction.
import { audit } from '#app/audit/audit.server.ts'
import { enrol } from '#app/enrolment/enrol.server.ts'
import { prisma } from '#app/utils/db.server.ts'

/** A learner asks to be enrolled; asking again while pending changes nothing. */
export async function requestEnrolment(input: { userId: string; courseId: string; message: string }) {
  const { userId, courseId, message } = input
  await prisma.enrolmentRequest.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId, message },
    update: { status: 'pending', message, createdAt: new Date(), decidedAt: null, decidedById: null },
    select: { id: true },
  })
}

export function findPendingRequest(userId: string, courseId: string) {
  return prisma.enrolmentRequest.findFirst({
    where: { userId, courseId, status: 'pending' },
    select: { id: true, createdAt: true },
  })
}

/** Approve (enrols, source admin) or decline a pending request. Audited. */
export async function decideEnrolmentRequest(input: {
  actorId: string
  requestId: string
  decision: 'approve' | 'decline'
}) {
  const { actorId, requestId, decision } = input
  return prisma.$transaction(async (tx) => {
    const request = await tx.enrolmentRequest.findFirst({
      where: { id: requestId, status: 'pending' },
      select: { id: true, userId: true, courseId: true },
    })
    if (!request) return false
    await tx.enrolmentRequest.update({
      where: { id: request.id },
      data: { status: decision === 'approve' ? 'approved' : 'declined', decidedAt: new Date(), decidedById: actorId },
      select: { id: true },
    })
    // Approving enrols (or re-opens a cancelled enrolment); a learner enrolled meanwhile stays as is.
    if (decision === 'approve')
      await enrol({ userId: request.userId, courseId: request.courseId, source: 'admin', grantedById: actorId }, tx)
    await audit(tx, {
      actorId,
      action: `enrolment.request.${decision}`,
      subject: `user:${request.userId}`,
      data: { courseId: request.courseId, requestId },
    })
    return true
  })
}
