// Fee waivers: an administrator mutation, audited in the same transaction as the enrolment it makes.
import { audit } from '#app/audit/audit.server.ts'
import { enrol, type EnrolmentError } from '#app/enrolment/enrol.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { isUniqueViolation } from '#app/utils/sql.server.ts'

export type WaiverResult =
  { ok: true; enrolmentId: string } | { ok: false; error: Extract<EnrolmentError, 'already-enrolled' | 'not-found'> }

/**
 * An administrator enrols someone in a course free of charge (source: waiver), recording why and
 * who pays instead. Audited in the same transaction; a pending enrolment request is closed.
 */
export async function grantWaiver(input: {
  actorId: string
  userId: string
  courseId: string
  reason: string
  sponsor: string
}): Promise<WaiverResult> {
  const { actorId, userId, courseId, reason, sponsor } = input
  try {
    return await prisma.$transaction(async (tx) => {
      const [user, course] = await Promise.all([
        tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } }),
        tx.course.findUnique({ where: { id: courseId }, select: { id: true } }),
      ])
      if (!user || !course) return { ok: false as const, error: 'not-found' as const }
      const enrolled = await enrol(
        { userId, courseId, source: 'waiver', waiverReason: reason, waiverSponsor: sponsor, grantedById: actorId },
        tx,
      )
      if (enrolled.outcome === 'already-enrolled') return { ok: false as const, error: 'already-enrolled' as const }
      await tx.enrolmentRequest.updateMany({
        where: { userId, courseId, status: 'pending' },
        data: { status: 'approved', decidedAt: new Date(), decidedById: actorId },
      })
      await audit(tx, {
        actorId,
        action: 'enrolment.waiver',
        subject: `user:${userId}`,
        data: { courseId, reason, sponsor },
      })
      return { ok: true as const, enrolmentId: enrolled.enrolmentId }
    })
  } catch (error) {
    // Two administrators at once: the second finds the first's enrolment.
    if (isUniqueViolation(error)) return { ok: false, error: 'already-enrolled' }
    throw error
  }
}
