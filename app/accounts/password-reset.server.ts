// "Forgot your password?" (ADR 021). The request does the same work whatever the address: it
// queues one job, so its answer takes the same time whether or not the address has an account
// (before, looking the account up, writing a token and queueing its mail made a known address
// about 28 ms slower: the page told who had an account). The job, in the background, looks the
// address up and, only for an account, writes a new link and queues its mail.
import { enqueue } from '#app/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { sendResetEmail } from './mail.server.ts'
import { createVerification } from './token.server.ts'

/** Queues the reset for `email` (already normalised); the same statement for every address. */
export async function requestPasswordReset(email: string): Promise<void> {
  await prisma.$transaction((tx) =>
    // One waiting job per address: asking again before it ran replaces it, never queues two mails.
    enqueue(tx, 'accounts:password-reset', { email }, { jobKey: `password-reset:${email}` }),
  )
}

/** The `accounts:password-reset` task: a new link by mail, in the person's language, if the address has an account. */
export async function sendPasswordReset({ email }: { email: string }): Promise<void> {
  const user = await prisma.user.findFirst({
    where: { email, deletedAt: null },
    select: { id: true, displayName: true, preferredLocale: true },
  })
  if (!user) return
  const token = await createVerification(user.id, email, 'reset')
  await sendResetEmail(email, user.displayName, user.preferredLocale, token)
}
