// The mail outbox (ADR 010): mail is queued in the transaction that causes it, delivered at once
// after commit, retried by the sweeper with backoff, given up after MAIL_MAX_ATTEMPTS, and never
// sent twice by concurrent sweepers.
import { createServer } from 'node:net'
import { afterEach, beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { issueCertificate } from '#app/models/certificate.server.ts'
import { loader as adminLoader } from '#app/routes/$lang.admin._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import {
  deliverMail,
  type Email,
  MAIL_MAX_ATTEMPTS,
  MAIL_RETRY_DELAYS_MS,
  mailTransaction,
  type OutgoingMessage,
  queueEmail,
  setMailTransport,
  sweepMail,
} from '#app/utils/email.server.ts'
import { init } from '#app/utils/env.server.ts'
import { context, createUser, getRequest, loginCookie, readOutbox, settle, uniqueEmail } from '#tests/utils.ts'

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

const later = (from: Date, ms: number) => new Date(from.getTime() + ms)

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
    select: { status: true, attempts: true, lastError: true, nextAttemptAt: true, sentAt: true, subject: true, text: true, html: true },
  })
}

test('a relay that fails twice: the message is retried with backoff and delivered exactly once', async () => {
  const relay = flakyRelay(2)
  setMailTransport(relay.transport)
  const message = email()
  const start = new Date()
  await mailTransaction(async (tx, queue) => queue(message))

  // The kick after commit tried once and failed: queued again for one minute later.
  let state = await row(message.to)
  expect(state).toMatchObject({ status: 'queued', attempts: 1, lastError: '421 try again later (1)', sentAt: null, text: message.text, html: message.html })
  expect(state.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(start.getTime() + MAIL_RETRY_DELAYS_MS[0]!)
  expect(relay.delivered).toHaveLength(0)

  // Not due yet: a sweep now does nothing.
  expect(await sweepMail()).toEqual({ sent: 0, retried: 0, failed: 0 })
  expect(relay.tries.get(message.to)).toBe(1)

  // A minute later: the second try fails too, and the next wait is longer (5 min).
  const second = later(state.nextAttemptAt, 1000)
  expect(await sweepMail({ now: second })).toEqual({ sent: 0, retried: 1, failed: 0 })
  state = await row(message.to)
  expect(state).toMatchObject({ status: 'queued', attempts: 2, lastError: '421 try again later (2)' })
  expect(state.nextAttemptAt.getTime()).toBe(second.getTime() + MAIL_RETRY_DELAYS_MS[1]!)
  expect(await sweepMail({ now: later(second, MAIL_RETRY_DELAYS_MS[1]! - 1000) })).toEqual({ sent: 0, retried: 0, failed: 0 })

  // Then it goes through, once; later sweeps leave it alone.
  const third = later(state.nextAttemptAt, 1000)
  expect(await sweepMail({ now: third })).toEqual({ sent: 1, retried: 0, failed: 0 })
  expect(await sweepMail({ now: later(third, 24 * 3600_000) })).toEqual({ sent: 0, retried: 0, failed: 0 })
  expect(relay.tries.get(message.to)).toBe(3)
  expect(relay.delivered).toEqual([expect.objectContaining({ to: message.to, subject: message.subject, text: message.text, html: message.html, from: expect.any(String) })])
  state = await row(message.to)
  // Sent: the record stays, the body (which may hold a reset or invitation link) does not.
  expect(state).toMatchObject({ status: 'sent', attempts: 3, lastError: null, subject: message.subject, text: '', html: '' })
  expect(state.sentAt).not.toBeNull()
})

test(`a message that keeps failing is given up after ${MAIL_MAX_ATTEMPTS} attempts and counted on the admin overview`, async () => {
  const relay = flakyRelay(Infinity)
  setMailTransport(relay.transport)
  const message = email()
  await mailTransaction(async (tx, queue) => queue(message))
  let now = new Date()
  for (let i = 0; i < MAIL_MAX_ATTEMPTS + 3; i++) {
    now = later(now, 25 * 3600_000)
    await sweepMail({ now })
  }
  expect(relay.tries.get(message.to)).toBe(MAIL_MAX_ATTEMPTS)
  expect(await row(message.to)).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS, lastError: `421 try again later (${MAIL_MAX_ATTEMPTS})` })

  // One more, queued and never delivered (a crash), shows as waiting.
  const stuck = email()
  await prisma.$transaction((tx) => queueEmail(tx, stuck))
  const admin = await createUser({ role: 'admin' })
  const cookie = await loginCookie(admin.id)
  const page = await settle(() => adminLoader({ request: getRequest('/es/admin', cookie), params: { lang: 'es' }, context: context() }))
  const waiting = (page.data as { waiting: { mailQueued: number; mailFailed: number } }).waiting
  expect(waiting.mailFailed).toBeGreaterThanOrEqual(1)
  expect(waiting.mailQueued).toBeGreaterThanOrEqual(1)
  expect(waiting).toEqual({ ...waiting, mailFailed: await prisma.mailMessage.count({ where: { status: 'failed' } }), mailQueued: await prisma.mailMessage.count({ where: { status: 'queued' } }) })
  // Leave nothing due for the other tests.
  await prisma.mailMessage.deleteMany({ where: { to: { in: [message.to, stuck.to] } } })
})

test('a crash between commit and delivery: the message stays queued and the sweeper sends it', async () => {
  const message = email()
  // Queued in a transaction that commits, but the process "dies" before the kick.
  await prisma.$transaction(async (tx) => {
    await queueEmail(tx, message)
  })
  expect(readOutbox(message.to)).toHaveLength(0)
  expect(await row(message.to)).toMatchObject({ status: 'queued', attempts: 0 })

  const swept = await sweepMail()
  expect(swept.sent).toBeGreaterThanOrEqual(1)
  const mails = readOutbox(message.to)
  expect(mails).toHaveLength(1)
  expect(mails[0]).toMatchObject({ subject: message.subject, text: message.text, html: message.html })
  expect(await row(message.to)).toMatchObject({ status: 'sent', attempts: 1 })
  await sweepMail()
  expect(readOutbox(message.to)).toHaveLength(1)
})

test('several sweepers and kicks at once deliver every message exactly once', async () => {
  const delivered: string[] = []
  setMailTransport(async (message) => {
    // A slow relay, so the sweepers really overlap.
    await new Promise((resolve) => setTimeout(resolve, 5))
    delivered.push(message.to)
  })
  const messages = Array.from({ length: 60 }, () => email())
  const ids: string[] = []
  await prisma.$transaction(async (tx) => {
    for (const message of messages) ids.push((await queueEmail(tx, message))!)
  })
  const results = await Promise.all([sweepMail(), sweepMail(), sweepMail(), deliverMail(ids.slice(0, 30)).then(() => null), deliverMail(ids.slice(20)).then(() => null)])
  const swept = results.filter((r) => r !== null).reduce((sum, r) => sum + r!.sent, 0)
  expect(delivered.sort()).toEqual(messages.map((m) => m.to).sort())
  expect(new Set(delivered).size).toBe(60)
  expect(swept).toBeLessThanOrEqual(60)
  expect(await prisma.mailMessage.count({ where: { id: { in: ids }, status: 'sent', attempts: 1 } })).toBe(60)
})

test('a rolled-back transaction queues and sends nothing', async () => {
  const message = email()
  await expect(
    mailTransaction(async (tx, queue) => {
      await queue(message)
      throw new Error('the business change failed')
    }),
  ).rejects.toThrow('the business change failed')
  expect(await prisma.mailMessage.count({ where: { to: message.to } })).toBe(0)
  await sweepMail()
  expect(readOutbox(message.to)).toHaveLength(0)
})

test('a dedupe key queues a message once, however often it is queued', async () => {
  const message = { ...email(), dedupeKey: `test:${uniqueEmail()}` }
  await mailTransaction(async (tx, queue) => {
    await queue(message)
    await queue(message)
  })
  await mailTransaction(async (tx, queue) => queue(message))
  expect(await prisma.mailMessage.count({ where: { to: message.to } })).toBe(1)
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
  await mailTransaction(async (tx, queue) => queue(message))
  const state = await row(message.to)
  expect(state).toMatchObject({ status: 'queued', attempts: 1 })
  expect(state.lastError).toMatch(/ECONNREFUSED/)
  expect(readOutbox(message.to)).toHaveLength(0)

  // The relay is back (here: the outbox folder): the next due sweep delivers it.
  init({ ...process.env })
  expect((await sweepMail({ now: later(state.nextAttemptAt, 1000) })).sent).toBe(1)
  expect(readOutbox(message.to)).toHaveLength(1)
})

test('a certificate issued while the relay is down: the certificate and its mail commit together, the sweeper sends it later', async () => {
  setMailTransport(async () => {
    throw new Error('connection refused')
  })
  const learner = await createUser({ preferredLocale: 'es' })
  const to = (await prisma.user.findUniqueOrThrow({ where: { id: learner.id }, select: { email: true } })).email
  await prisma.enrollment.create({ data: { userId: learner.id, courseId: 'iccs', source: 'free', status: 'completed', completedAt: new Date() } })
  const issued = await issueCertificate({ userId: learner.id, courseId: 'iccs', actorId: null, source: 'automatic' })
  expect(issued.ok).toBe(true)
  const serial = issued.ok ? issued.certificate.serial : ''
  const queued = await prisma.mailMessage.findFirstOrThrow({ where: { to }, select: { status: true, attempts: true, dedupeKey: true, nextAttemptAt: true } })
  expect(queued).toMatchObject({ status: 'queued', attempts: 1, dedupeKey: `certificate:${serial}:issued` })
  expect(readOutbox(to)).toHaveLength(0)

  setMailTransport(null)
  expect((await sweepMail({ now: later(queued.nextAttemptAt, 1000) })).sent).toBe(1)
  const [mail] = readOutbox(to)
  expect(mail!.text).toContain(serial)
})
