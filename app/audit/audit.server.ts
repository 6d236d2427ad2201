// Every administrator mutation is written here, in the same transaction as the change; and what the
// staff pages (the audit log, the dashboard, a person's trail) read of an event.
import { type Prisma } from '#app/generated/prisma/client.ts'

type Tx = Prisma.TransactionClient

export async function audit(
  tx: Tx,
  event: { actorId: string | null; action: string; subject: string; data?: Prisma.InputJsonValue },
) {
  await tx.auditEvent.create({
    data: { actorId: event.actorId, action: event.action, subject: event.subject, data: event.data ?? {} },
    select: { id: true },
  })
}

/** An event as the staff pages show it: what, about whom, when and by whom. */
export const AUDIT_EVENT_SELECT = {
  id: true,
  action: true,
  subject: true,
  data: true,
  createdAt: true,
  actor: { select: { displayName: true } },
} satisfies Prisma.AuditEventSelect
