// A form that asks for the person's current password again before it changes their account (change
// the password, delete the account): one way to read it, limit the tries and check the password.
import { type z } from 'zod'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { enforceRateLimits, RATE_LIMITS } from '#app/utils/rate-limit.server.ts'
import { isCurrentPassword } from './account.server.ts'

/**
 * The submission of `schema`, once its `passwordField` is the user's current password; else the
 * reply to return (the schema's messages, a 400; or "wrong password" on that field). The passwords
 * (`hideFields`) are never sent back. Too many tries for the account throw a 429.
 */
export async function parseReauthenticated<Schema extends z.ZodTypeAny>(
  request: Request,
  userId: string,
  schema: Schema,
  { passwordField, hideFields }: { passwordField: keyof z.output<Schema> & string; hideFields: string[] },
) {
  const submission = await parseSubmission(request, schema)
  if (submission.status !== 'success') return { reply: invalid(submission, { hideFields }) } as const
  await enforceRateLimits([[`reauth:${userId}`, RATE_LIMITS.reauthPerAccount]])
  if (!(await isCurrentPassword(userId, String(submission.value[passwordField])))) {
    return {
      reply: refuse(submission, ['account:password.wrongCurrent', 400], { field: passwordField, hideFields }),
    } as const
  }
  return { value: submission.value as z.output<Schema> } as const
}
