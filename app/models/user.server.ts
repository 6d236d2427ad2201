// Rules about accounts that more than one route relies on.
import { prisma } from '#app/utils/db.server.ts'

export const DELETED_NAME = '—'

/**
 * Deletes a person's account: personal data is replaced, sign-in data removed, and the row
 * kept (anonymised) so issued certificates, enrolment counts and the audit trail still add up.
 * Country and organisation type stay: they feed aggregate reports and identify no one alone.
 * The same goes for copies: the person's rows in cohort imports (and the uploaded files they came
 * from, which are not needed once the rows are stored) and their enrolment request messages.
 */
export async function deleteAccount(userId: string) {
  await prisma.$transaction(async (tx) => {
    const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })
    // Personal data held elsewhere: rows of cohort files (and those files), request messages.
    const rows = { OR: [{ userId }, { email }] }
    const imports = await tx.cohortImportRow.findMany({ where: rows, select: { importId: true }, distinct: ['importId'] })
    await tx.cohortImportRow.updateMany({
      where: rows,
      data: { email: `deleted-${userId}@deleted.invalid`, displayName: DELETED_NAME, certificateName: DELETED_NAME, organisation: '' },
    })
    await tx.cohortImport.updateMany({ where: { id: { in: imports.map((i) => i.importId) } }, data: { csv: '' } })
    await tx.enrollmentRequest.updateMany({ where: { userId }, data: { message: '' } })
    await tx.session.deleteMany({ where: { userId } })
    await tx.verification.deleteMany({ where: { userId } })
    await tx.password.deleteMany({ where: { userId } })
    await tx.user.update({
      where: { id: userId },
      data: {
        email: `deleted-${userId}@deleted.invalid`,
        emailVerifiedAt: null,
        displayName: DELETED_NAME,
        certificateName: DELETED_NAME,
        organisation: '',
        role: 'learner',
        deletedAt: new Date(),
      },
      select: { id: true },
    })
    await tx.auditEvent.create({
      data: { actorId: userId, action: 'user.delete', subject: `user:${userId}`, data: {} },
      select: { id: true },
    })
  })
}
