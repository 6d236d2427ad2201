// Mail through the job queue (ADR 012): a message and its job are queued in the transaction that
// causes them, the job runner sends it, a failure is retried with the library's backoff and given
// up after MAIL_MAX_ATTEMPTS, and several runners at once never send a message twice.
import { createServer } from 'node:net'
import { afterEach, beforeAll, expect, test } from 'vitest'
import { issueCertificate } from '#app/certificates/issue.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { runJobsUntilIdle, startJobRunner } from '#app/jobs/runner.server.ts'
import {
  type Email,
  MAIL_MAX_ATTEMPTS,
  type OutgoingMessage,
  queueEmail,
  setMailTransport,
} from '#app/mail/email.server.ts'
import { loader as adminLoader } from '#app/routes/$lang.admin._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { init } from '#app/utils/env.server.ts'
import { createUser, loginCookie, makeJobsDue, queuedJobs, readOutbox, uniqueEmail, visit } from '#tests/utils.ts'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

afterEach(() => {
  setMailTransport(null)
  init({ ...process.env })
})

function email(to = uniqueEmail('mail')): Email {
  return { to, subject: `Hello ${to}`, text: `Text for ${to}`, html: `<p>Html for ${to}</p>` }
}

/** A relay that fails the first `failures` sends to each address, then records what it gets. */
function flakyRelay(failures: number) {
  const tries = new Map<string, number>()
  const delivered: OutgoingMessage[] = []
  const transport = async (message: OutgoingMessage) => {
    const n = (tries.get(message.to) ?? 0) + 1
    tries.set(message.to, n)
    if (n <= failures) throw new Error(`421 try again later (${n})`)
    delivered.push(message)
  }
  return { transport, tries, delivered }
}

async function row(to: string) {
  return prisma.mailMessage.findFirstOrThrow({
    where: { to },
    select: {
      id: true,
      status: true,
      attempts: true,
      lastError: true,
      sentAt: true,
      subject: true,
      text: true,
      html: true,
    },
  })
}

async function jobOf(mailId: string) {
  return (await queuedJobs('mail:send')).find((job) => job.payload.mailId === mailId)
}

const queue = (message: Email & { dedupeKey?: string }) => prisma.$transaction((tx) => queueEmail(tx, message))

/** Seconds until a job is due, by the database's clock. */
async function secondsUntil(runAt: Date) {
  const [{ now }] = await prisma.$queryRaw<[{ now: Date }]>`SELECT now() AS now`
  return (runAt.getTime() - now.getTime()) / 1000
}

test('a relay that fails twice: the message is retried with backoff and delivered exactly once', async () => {
  const relay = flakyRelay(2)
  setMailTransport(relay.transport)
  const message = email()
  await queue(message)
  const { id } = await row(message.to)
  expect(await jobOf(id)).toMatchObject({ attempts: 0, maxAttempts: MAIL_MAX_ATTEMPTS })

  // The runner tried once and failed: the job waits e^1 ≈ 2.7 s, the row records the error.
  await runJobsUntilIdle()
  let state = await row(message.to)
  expect(state).toMatchObject({
    status: 'queued',
    attempts: 1,
    lastError: '421 try again later (1)',
    sentAt: null,
    text: message.text,
    html: message.html,
  })
  let job = (await jobOf(id))!
  expect(job.attempts).toBe(1)
  expect(job.lastError).toContain('421 try again later (1)')
  const firstWait = await secondsUntil(job.runAt)
  expect(firstWait).toBeGreaterThan(0.5)
  expect(firstWait).toBeLessThanOrEqual(Math.E + 0.1)
  expect(relay.delivered).toHaveLength(0)

  // Not due yet: running the queue again does nothing.
  await runJobsUntilIdle()
  expect(relay.tries.get(message.to)).toBe(1)

  // Once due, the second try fails too, and the next wait is longer (e^2 ≈ 7.4 s).
  await makeJobsDue()
  await runJobsUntilIdle()
  state = await row(message.to)
  expect(state).toMatchObject({ status: 'queued', attempts: 2, lastError: '421 try again later (2)' })
  job = (await jobOf(id))!
  expect(job.attempts).toBe(2)
  const secondWait = await secondsUntil(job.runAt)
  expect(secondWait).toBeGreaterThan(firstWait + 3)
  expect(secondWait).toBeLessThanOrEqual(Math.exp(2) + 0.1)

  // Then it goes through, once; the job is done and gone, and later runs leave it alone.
  await makeJobsDue()
  await runJobsUntilIdle()
  await makeJobsDue()
  await runJobsUntilIdle()
  expect(relay.tries.get(message.to)).toBe(3)
  expect(relay.delivered).toEqual([
    expect.objectContaining({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      from: expect.any(String),
    }),
  ])
  expect(await jobOf(id)).toBeUndefined()
  state = await row(message.to)
  // Sent: the record stays, the body (which may hold a reset or invitation link) does not.
  expect(state).toMatchObject({
    status: 'sent',
    attempts: 3,
    lastError: null,
    subject: message.subject,
    text: '',
    html: '',
  })
  expect(state.sentAt).not.toBeNull()
})

test(`a message that keeps failing is given up after ${MAIL_MAX_ATTEMPTS} attempts and counted on the admin overview`, async () => {
  const relay = flakyRelay(Infinity)
  setMailTransport(relay.transport)
  const message = email()
  await queue(message)
  const { id } = await row(message.to)
  for (let i = 0; i < MAIL_MAX_ATTEMPTS + 3; i++) {
    await makeJobsDue()
    await runJobsUntilIdle()
  }
  expect(relay.tries.get(message.to)).toBe(MAIL_MAX_ATTEMPTS)
  expect(await row(message.to)).toMatchObject({
    status: 'failed',
    attempts: MAIL_MAX_ATTEMPTS,
    lastError: `421 try again later (${MAIL_MAX_ATTEMPTS})`,
  })
  // The library keeps the job, given up, with its error.
  expect(await jobOf(id)).toMatchObject({ attempts: MAIL_MAX_ATTEMPTS, maxAttempts: MAIL_MAX_ATTEMPTS })

  // One more, queued (the relay is back) and not run yet, shows as waiting.
  setMailTransport(null)
  const waitingMail = email()
  await queue(waitingMail)
  const admin = await createUser({ role: 'admin' })
  const cookie = await loginCookie(admin.id)
  const page = await visit(adminLoader, { lang: 'es' }, '/es/admin', cookie)
  const waiting = (page.data as { waiting: { mailQueued: number; mailFailed: number } }).waiting
  expect(waiting.mailFailed).toBeGreaterThanOrEqual(1)
  expect(waiting.mailQueued).toBeGreaterThanOrEqual(1)
  expect(waiting.mailFailed).toBe(await prisma.mailMessage.count({ where: { status: 'failed' } }))
  // settle() ran the queue after the page: the waiting one is sent by now.
  expect(await row(waitingMail.to)).toMatchObject({ status: 'sent' })
})

test('a message whose runner died is sent by another runner once the lock expires, and only once', async () => {
  const message = email()
  await queue(message)
  const { id } = await row(message.to)
  // A runner took the job and died before sending (the library's lock stays on the job).
  await prisma.$executeRaw`
    UPDATE graphile_worker._private_jobs SET locked_by = 'dead-node', locked_at = now(), attempts = 1
    WHERE payload->>'mailId' = ${id}`
  await runJobsUntilIdle()
  expect(readOutbox(message.to)).toHaveLength(0)
  expect(await row(message.to)).toMatchObject({ status: 'queued', attempts: 0 })

  // Four hours later (the library's lock expiry) a live runner frees the job and sends it.
  await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '4 hours 1 minute' WHERE locked_by = 'dead-node'`
  const stop = await startJobRunner({ concurrency: 2, resetLockedMs: 200 })
  try {
    await expect.poll(() => readOutbox(message.to).length, { timeout: 15_000, interval: 100 }).toBe(1)
  } finally {
    await stop()
  }
  const [mail] = readOutbox(message.to)
  expect(mail).toMatchObject({ subject: message.subject, text: message.text, html: message.html })
  expect(await row(message.to)).toMatchObject({ status: 'sent', attempts: 2 })
  await makeJobsDue()
  await runJobsUntilIdle()
  expect(readOutbox(message.to)).toHaveLength(1)
})

test('several runners at once deliver every message exactly once', async () => {
  const delivered: string[] = []
  setMailTransport(async (message) => {
    // A slow relay, so the runners really overlap.
    await new Promise((resolve) => setTimeout(resolve, 5))
    delivered.push(message.to)
  })
  // Two long-running runners (two nodes) waiting for work...
  const stops = await Promise.all([startJobRunner({ concurrency: 4 }), startJobRunner({ concurrency: 4 })])
  try {
    const messages = Array.from({ length: 60 }, () => email())
    await prisma.$transaction(async (tx) => {
      for (const message of messages) await queueEmail(tx, message)
    })
    // ...and two more that run the queue once, all at the same time.
    await Promise.all([runJobsUntilIdle(), runJobsUntilIdle()])
    await expect.poll(() => delivered.length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(60)
    // Nothing more arrives late.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(delivered.sort()).toEqual(messages.map((m) => m.to).sort())
    expect(
      await prisma.mailMessage.count({ where: { to: { in: messages.map((m) => m.to) }, status: 'sent', attempts: 1 } }),
    ).toBe(60)
  } finally {
    await Promise.all(stops.map((stop) => stop()))
  }
})

test('a rolled-back transaction queues nothing: no message, no job', async () => {
  const message = email()
  const jobsBefore = (await queuedJobs('mail:send')).length
  await expect(
    prisma.$transaction(async (tx) => {
      await queueEmail(tx, message)
      throw new Error('the business change failed')
    }),
  ).rejects.toThrow('the business change failed')
  expect(await prisma.mailMessage.count({ where: { to: message.to } })).toBe(0)
  expect(await queuedJobs('mail:send')).toHaveLength(jobsBefore)
  await runJobsUntilIdle()
  expect(readOutbox(message.to)).toHaveLength(0)
})

test('a dedupe key queues a message (and its job) once, however often it is queued', async () => {
  const message = { ...email(), dedupeKey: `test:${uniqueEmail()}` }
  await prisma.$transaction(async (tx) => {
    expect(await queueEmail(tx, message)).not.toBeNull()
    expect(await queueEmail(tx, message)).toBeNull()
  })
  await queue(message)
  expect(await prisma.mailMessage.count({ where: { to: message.to } })).toBe(1)
  const { id } = await row(message.to)
  expect((await queuedJobs('mail:send')).filter((job) => job.payload.mailId === id)).toHaveLength(1)
  await runJobsUntilIdle()
  expect(readOutbox(message.to)).toHaveLength(1)
})

test('an SMTP relay that refuses connections: the error is recorded and the message kept for a retry', async () => {
  // A local port with nothing listening (no external network).
  const port = await new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  init({ ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}` })
  const message = email()
  await queue(message)
  await runJobsUntilIdle()
  const state = await row(message.to)
  expect(state).toMatchObject({ status: 'queued', attempts: 1 })
  expect(state.lastError).toMatch(/ECONNREFUSED/)
  expect(readOutbox(message.to)).toHaveLength(0)

  // The relay is back (here: the outbox folder): the retry, once due, delivers it.
  init({ ...process.env })
  await makeJobsDue()
  await runJobsUntilIdle()
  expect(readOutbox(message.to)).toHaveLength(1)
  expect(await row(message.to)).toMatchObject({ status: 'sent', attempts: 2 })
})

test('a certificate issued while the relay is down: the certificate and its mail commit together, the mail goes out later', async () => {
  setMailTransport(async () => {
    throw new Error('connection refused')
  })
  const learner = await createUser({ preferredLocale: 'es' })
  const to = (await prisma.user.findUniqueOrThrow({ where: { id: learner.id }, select: { email: true } })).email
  await prisma.enrolment.create({
    data: { userId: learner.id, courseId: 'iccs', source: 'free', status: 'completed', completedAt: new Date() },
  })
  const issued = await issueCertificate({ userId: learner.id, courseId: 'iccs', actorId: null, source: 'automatic' })
  expect(issued.ok).toBe(true)
  const serial = issued.ok ? issued.certificate.serial : ''
  expect(
    await prisma.mailMessage.findFirstOrThrow({
      where: { to },
      select: { status: true, attempts: true, dedupeKey: true },
    }),
  ).toEqual({
    status: 'queued',
    attempts: 0,
    dedupeKey: `certificate:${serial}:issued`,
  })
  await runJobsUntilIdle()
  expect(
    await prisma.mailMessage.findFirstOrThrow({ where: { to }, select: { status: true, attempts: true } }),
  ).toEqual({ status: 'queued', attempts: 1 })
  expect(readOutbox(to)).toHaveLength(0)

  setMailTransport(null)
  await makeJobsDue()
  await runJobsUntilIdle()
  const [mail] = readOutbox(to)
  expect(mail!.text).toContain(serial)
})
