// The job runner (ADR 012): graphile-worker takes the jobs that queue.server.ts added and runs
// their task. Each app node runs one runner, in its primary process (server/index.ts); any
// number of nodes may share one database: a job is locked by the runner that takes it
// (SKIP LOCKED inside the library), so it runs once, and runners are woken by LISTEN/NOTIFY
// as soon as a job commits. A failed task is retried with the library's backoff (exp(n)
// seconds after the n-th failure, at most e^10 s ≈ 6 h apart) until its maxAttempts; a job whose
// runner died is freed for another after four hours (the library's lock expiry). On a graceful
// stop, running jobs get GRACEFUL_ABORT_MS to finish; long ones (bulk issue, cohort import)
// stop at their next step when told to (the abort signal) and are retried, resumably.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { run, runOnce, type JobHelpers, type Runner, type Task, type TaskList } from 'graphile-worker'
import pg from 'pg'
import { sendPasswordReset } from '#app/accounts/password-reset.server.ts'
import { issueOnCompletion } from '#app/certificates/approval.server.ts'
import { runBatch } from '#app/certificates/batch.server.ts'
import { runCohortImport } from '#app/cohorts/run.server.ts'
import { deliverMail } from '#app/mail/email.server.ts'
import { forgetStalePendingRefunds } from '#app/payments/refunds.server.ts'
import type * as StudioPublisher from '#app/studio/publish.server.ts'
import { env } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { JOB_PAYLOADS, JOB_SCHEMA, type JobRun, type TaskName } from './queue.server.ts'
import { jobLogger } from './schema.server.ts'

/** Jobs one runner (one app node) runs at once. Certificates render and mail waits on a relay in parallel. */
export const JOB_CONCURRENCY = 8
/** On a graceful stop, how long running jobs have before long ones are told to stop at their next step. */
export const GRACEFUL_ABORT_MS = 5_000
/** Scheduled work, as a crontab (one runner across all nodes takes each tick). */
const CRONTAB = '0 * * * * refunds:forget-stale'

type Payload<T extends TaskName> = ReturnType<(typeof JOB_PAYLOADS)[T]['parse']>

/** A task whose payload is parsed (a job written by hand or by an older release is refused, not guessed at). */
function task<T extends TaskName>(
  name: T,
  handler: (payload: Payload<T>, helpers: JobHelpers) => Promise<unknown>,
): Task {
  return async (payload, helpers) => {
    await handler(JOB_PAYLOADS[name].parse(payload) as Payload<T>, helpers)
  }
}

/** For long tasks: stop when the runner stops; give up on the last attempt. */
function longRun(helpers: JobHelpers): JobRun {
  return { signal: helpers.abortSignal, lastAttempt: helpers.job.attempts >= helpers.job.max_attempts }
}

/**
 * The Studio's publisher builds a course, so it loads the course compiler, whose paths (node_modules,
 * the lesson components) are resolved from its own file: in production it is a bundle of its own beside
 * main.js, as the compile worker is (scripts/build-server.mjs), loaded only when a publish runs.
 */
async function studioPublisher(): Promise<typeof StudioPublisher> {
  if (process.env.NODE_ENV === 'production')
    return (await import(pathToFileURL(path.resolve('build/server/studio-publish.js')).href)) as typeof StudioPublisher
  return import('#app/studio/publish.server.ts')
}

const TASKS: TaskList = {
  'accounts:password-reset': task('accounts:password-reset', (payload) => sendPasswordReset(payload)),
  'mail:send': task('mail:send', ({ mailId }, { job }) =>
    deliverMail(mailId, { attempt: job.attempts, maxAttempts: job.max_attempts }),
  ),
  'certificate:issue': task('certificate:issue', (payload) => issueOnCompletion(payload)),
  'certificate:batch': task('certificate:batch', ({ batchId }, helpers) => runBatch(batchId, longRun(helpers))),
  'cohort:import': task('cohort:import', ({ importId }, helpers) => runCohortImport(importId, longRun(helpers))),
  'content:publish-review': task('content:publish-review', async ({ reviewId }, helpers) =>
    (await studioPublisher()).publishReview(reviewId, longRun(helpers)),
  ),
  'refunds:forget-stale': task('refunds:forget-stale', () => forgetStalePendingRefunds()),
}

/** graphile-worker's own connections (LISTEN, locking jobs); tasks use the Prisma pool. */
let pool: pg.Pool | undefined
function jobPool() {
  if (!pool) {
    pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: JOB_CONCURRENCY + 2 })
    // An idle client that loses its connection must not crash the process (the library reconnects).
    pool.on('error', (error) => logger.warn({ error: error.message }, 'job queue connection lost'))
  }
  return pool
}

type RunnerOptions = { concurrency?: number; pollInterval?: number; resetLockedMs?: number; closeConnections?: boolean }

/**
 * Starts a runner; stop it with the returned function (waits for running jobs, then closes the
 * connections when `closeConnections`: a server's runner, which is the only one in its process).
 */
export async function startJobRunner(options: RunnerOptions = {}): Promise<() => Promise<void>> {
  const runner: Runner = await run({
    pgPool: jobPool(),
    schema: JOB_SCHEMA,
    concurrency: options.concurrency ?? JOB_CONCURRENCY,
    pollInterval: options.pollInterval,
    taskList: TASKS,
    crontab: CRONTAB,
    noHandleSignals: true,
    logger: jobLogger,
    preset: {
      worker: {
        gracefulShutdownAbortTimeout: GRACEFUL_ABORT_MS,
        // Tests shorten how soon a runner looks for jobs whose runner died.
        ...(options.resetLockedMs
          ? { minResetLockedInterval: options.resetLockedMs, maxResetLockedInterval: options.resetLockedMs }
          : {}),
      },
    },
  })
  runner.promise.catch((error: unknown) => logger.error({ err: error }, 'job runner stopped with an error'))
  return async () => {
    await runner.stop()
    // The server's runner owns the connections; a test's runners share them with runJobsUntilIdle.
    if (options.closeConnections) await closeJobQueue()
  }
}

/**
 * Runs every job that is due, and those they add, then returns (tests, scripts). Jobs locked
 * by another runner or scheduled later are left alone.
 */
export async function runJobsUntilIdle(options: { concurrency?: number } = {}) {
  await runOnce({
    pgPool: jobPool(),
    schema: JOB_SCHEMA,
    concurrency: options.concurrency ?? 4,
    taskList: TASKS,
    noHandleSignals: true,
    logger: jobLogger,
  })
}

/** Closes the runner's connections (tests, scripts; a server's runner is stopped by startJobRunner's function). */
export async function closeJobQueue() {
  const open = pool
  pool = undefined
  await open?.end()
}
