// The job queue (ADR 012): background work lives in PostgreSQL (graphile-worker's schema
// `graphile_worker`), and a job is added in the same transaction as the write that causes it,
// so it exists exactly when that write commits: a rolled-back change queues nothing, and a
// committed one cannot be lost by a crash. The runners (runner.server.ts) take each job once.
//
// This file is what the domain modules import: the task names, their payloads, and enqueue().
// It does not load the library itself (only its SQL function), so routes stay light.
import { z } from 'zod'
import { type Prisma } from '#app/generated/prisma/client.ts'

/** The PostgreSQL schema graphile-worker keeps its tables and functions in (its default). */
export const JOB_SCHEMA = 'graphile_worker'

/** Every task and the payload it takes; a job's payload is parsed again when it runs. */
export const JOB_PAYLOADS = {
  /** A password reset was asked for this address: mail a link if it has an account (app/accounts/password-reset.server.ts). */
  'accounts:password-reset': z.object({ email: z.string().min(1) }),
  /** Send one MailMessage (app/mail/email.server.ts). */
  'mail:send': z.object({ mailId: z.string().min(1) }),
  /** Issue the certificate of a completed course (app/certificates/approval.server.ts issueOnCompletion). */
  'certificate:issue': z.object({ userId: z.string().min(1), courseId: z.string().min(1) }),
  /** Run a bulk issue to its end (app/certificates/batch.server.ts). */
  'certificate:batch': z.object({ batchId: z.string().min(1) }),
  /** Run a cohort import to its end (app/cohorts/run.server.ts). */
  'cohort:import': z.object({ importId: z.string().min(1) }),
  /** Build and publish a reviewed set of Studio drafts as the course's next version (app/studio/publish.server.ts). */
  'content:publish-review': z.object({ reviewId: z.string().min(1) }),
  /** Every hour, from the crontab: forget refunds whose purchase never came (payments). */
  'refunds:forget-stale': z.object({}).passthrough(),
} as const

export type TaskName = keyof typeof JOB_PAYLOADS
export type JobPayload<T extends TaskName> = z.input<(typeof JOB_PAYLOADS)[T]>

export type EnqueueOptions = {
  /** One pending job per key: adding a job with the key of a waiting one replaces it. */
  jobKey?: string
  /** Attempts before the job is given up (the library's default: 25). */
  maxAttempts?: number
  runAt?: Date
}

/**
 * Adds a job inside the caller's transaction (graphile-worker's `add_job`). It is visible to
 * the runners, which are woken at once (LISTEN/NOTIFY), when the transaction commits.
 */
export async function enqueue<T extends TaskName>(
  tx: Prisma.TransactionClient,
  task: T,
  payload: JobPayload<T>,
  options: EnqueueOptions = {},
) {
  const checked = JOB_PAYLOADS[task].parse(payload)
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      identifier => ${task}::text,
      payload => ${JSON.stringify(checked)}::json,
      run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text)`
}

/** What a long task hears from its runner: whether to stop (a graceful shutdown), whether this is its last try. */
export type JobRun = { signal?: AbortSignal; lastAttempt?: boolean }

/** Thrown by a long task told to stop: the job fails, is retried, and resumes where it stopped. */
export class JobInterrupted extends Error {
  constructor(what: string) {
    super(`${what} interrupted by a shutdown; it resumes where it stopped`)
  }
}
