// Rules about accounts that more than one route relies on.
import { z } from 'zod'
import { audit } from '#app/audit/audit.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { type Role } from '#app/generated/prisma/enums.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { parseRows } from '#app/utils/sql.server.ts'

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
    const imports = await tx.cohortImportRow.findMany({
      where: rows,
      select: { importId: true },
      distinct: ['importId'],
    })
    await tx.cohortImportRow.updateMany({
      where: rows,
      data: {
        email: `deleted-${userId}@deleted.invalid`,
        displayName: DELETED_NAME,
        certificateName: DELETED_NAME,
        organisation: '',
      },
    })
    await tx.cohortImport.updateMany({ where: { id: { in: imports.map((i) => i.importId) } }, data: { csv: '' } })
    await tx.enrolmentRequest.updateMany({ where: { userId }, data: { message: '' } })
    // The learner's private notes on lessons: their own words, nobody else's to keep.
    await tx.lessonNote.deleteMany({ where: { userId } })
    // Teaches nothing any more (the courses' trainer lists no longer name them).
    await tx.courseTrainer.deleteMany({ where: { userId } })
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

export type AccountError = 'self' | 'not-found' | 'not-admin' | 'last-admin'

/** What an account failure means over HTTP and to a person (routes answer with refuse(submission, domainError(…))). */
export const ACCOUNT_ERRORS: ErrorTable<AccountError> = {
  // An administrator cannot demote themselves and lock the platform out of its last admin.
  self: { status: 400, message: 'admin:users.notSelf' },
  'not-found': { status: 404, message: 'common:errors.404.body' },
  // Demoted by another administrator while this request was on its way.
  'not-admin': { status: 403, message: 'admin:users.notAdmin' },
  'last-admin': { status: 409, message: 'admin:users.lastAdmin' },
}

export type ChangeRoleResult = { ok: true; changed: boolean } | { ok: false; error: AccountError }

const IdRow = z.object({ id: z.string() })

/**
 * Locks every administrator's row until the transaction ends and returns their ids. Hand-written:
 * the ORM has no SELECT … FOR UPDATE. Ordered by id, so two transactions take the locks in the
 * same order and cannot deadlock on them. A transaction that waited sees the rows as committed by
 * the one before it (READ COMMITTED re-checks a locked row against the WHERE clause).
 */
async function lockAdministrators(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT id FROM "User" WHERE role = 'admin' AND "deletedAt" IS NULL ORDER BY id FOR UPDATE`
  return parseRows(IdRow, rows).map((row) => row.id)
}

/**
 * An administrator changes a person's role (not their own; not a deleted account's). Audited in the
 * same transaction; choosing the role the person has already changes and audits nothing.
 *
 * Role changes are serialised on the administrators' rows (ADR 021): under the lock the actor must
 * still be an administrator and at least one must remain, so two administrators demoting each other
 * at the same moment leave one of them, whatever the interleaving.
 */
export async function changeRole(input: { actorId: string; userId: string; role: Role }): Promise<ChangeRoleResult> {
  const { actorId, userId, role } = input
  if (userId === actorId) return { ok: false, error: 'self' }
  return prisma.$transaction(async (tx): Promise<ChangeRoleResult> => {
    const admins = await lockAdministrators(tx)
    if (!admins.includes(actorId)) return { ok: false, error: 'not-admin' }
    const target = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { role: true } })
    if (!target) return { ok: false, error: 'not-found' }
    if (target.role === role) return { ok: true, changed: false }
    if (target.role === 'admin' && admins.filter((id) => id !== userId).length === 0) {
      return { ok: false, error: 'last-admin' }
    }
    await tx.user.update({ where: { id: userId }, data: { role }, select: { id: true } })
    await audit(tx, {
      actorId,
      action: 'user.role.change',
      subject: `user:${userId}`,
      data: { from: target.role, to: role },
    })
    return { ok: true, changed: true }
  })
}
