// Every administrator mutation is written here, in the same transaction as the change.
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
