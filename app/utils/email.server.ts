// Outgoing mail: a transactional outbox in PostgreSQL (ADR 010).
// - queueEmail(tx, email) writes a MailMessage row inside the caller's transaction, so the mail
//   exists exactly when the change that causes it (a purchase, a certificate, an invitation)
//   commits, and a rolled-back change queues nothing.
// - After commit the caller hands the ids to deliverMail(), which sends them at once (users and
//   tests get their mail within milliseconds, as before).
// - sweepMail(), run every minute by the server, sends what is due: messages whose first
//   delivery failed (retried with backoff, given up after MAIL_MAX_ATTEMPTS) and messages a
//   crash left unsent between commit and delivery.
// Claiming: one UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) adds an attempt and moves the
// message's nextAttemptAt forward by a lease, so concurrent sweepers and kicks, in any number of
// processes, never take the same message. The send runs outside any transaction (PGlite has one
// connection; an SMTP relay may be slow). Only a crash after the relay accepted a message and
// before it was marked sent can send it twice, once its lease lapses. A sent message keeps its
// recipient, subject and times but not its body (reset and invitation links).
//
// Transports: SMTP (nodemailer) when SMTP_URL is set; otherwise each message is written to
// OUTBOX_DIR as a JSON file (development, tests). Tests can replace the transport.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { Prisma, type PrismaClient } from '#app/generated/prisma/client.ts'
import { prisma } from './db.server.ts'
import { env } from './env.server.ts'
import { logger } from './logger.server.ts'

export type Email = { to: string; subject: string; text: string; html: string }
export type OutgoingMessage = Email & { from: string }
export type MailTransport = (message: OutgoingMessage) => Promise<void>

/** Attempts before a message is given up (status failed). */
export const MAIL_MAX_ATTEMPTS = 8
/** Wait after the 1st, 2nd, … failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h. */
export const MAIL_RETRY_DELAYS_MS = [1, 5, 30, 120, 360, 720, 1440].map((minutes) => minutes * 60_000)
/** How long a claimed message is held by its sender: longer than the SMTP timeouts below. */
export const MAIL_LEASE_MS = 5 * 60_000
/** Messages claimed per round of a sweep. */
export const MAIL_SWEEP_BATCH = 20
const MAX_ERROR_LENGTH = 1000

type Db = Prisma.TransactionClient | PrismaClient

let smtp: { url: string; transporter: nodemailer.Transporter } | undefined
let override: MailTransport | null = null

/** Replaces the transport (tests: a relay that fails, or records); null restores the default. */
export function setMailTransport(transport: MailTransport | null) {
  override = transport
}

async function transmit(message: OutgoingMessage): Promise<void> {
  if (override) return override(message)
  const config = env()
  if (config.SMTP_URL) {
    // Bounded waits, all well inside MAIL_LEASE_MS.
    if (!smtp || smtp.url !== config.SMTP_URL) {
      smtp = { url: config.SMTP_URL, transporter: nodemailer.createTransport(config.SMTP_URL, { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as never) }
    }
    await smtp.transporter.sendMail(message)
    logger.info({ to: message.to, subject: message.subject }, 'mail sent')
    return
  }
  const dir = path.resolve(config.OUTBOX_DIR)
  await mkdir(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = path.join(dir, `${stamp}-${Math.random().toString(36).slice(2, 8)}.json`)
  await writeFile(file, JSON.stringify({ ...message, date: new Date().toISOString() }, null, 2))
  logger.info({ to: message.to, subject: message.subject, file }, 'mail written to outbox')
}

/** The wait after `attempts` failed attempts. */
export function retryDelay(attempts: number): number {
  return MAIL_RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), MAIL_RETRY_DELAYS_MS.length) - 1]!
}

/**
 * Queues a message in the caller's transaction (or on its own with `prisma`). Returns its id, or
 * null when a message with the same `dedupeKey` exists already. Deliver the id after commit.
 */
export async function queueEmail(db: Db, email: Email & { dedupeKey?: string }): Promise<string | null> {
  const data = { to: email.to, subject: email.subject, text: email.text, html: email.html, nextAttemptAt: new Date() }
  if (!email.dedupeKey) return (await db.mailMessage.create({ data, select: { id: true } })).id
  // INSERT … ON CONFLICT DO NOTHING: a concurrent writer of the same key waits, then adds nothing.
  const inserted = await db.mailMessage.createMany({ data: [{ ...data, dedupeKey: email.dedupeKey }], skipDuplicates: true })
  if (inserted.count === 0) return null
  const row = await db.mailMessage.findUniqueOrThrow({ where: { dedupeKey: email.dedupeKey }, select: { id: true } })
  return row.id
}

/**
 * A transaction whose mail is delivered once it commits: `queue(email)` writes the message in
 * the transaction; after commit the queued messages are sent (a failure is left to the sweeper).
 */
export async function mailTransaction<T>(
  work: (tx: Prisma.TransactionClient, queue: (email: Email & { dedupeKey?: string }) => Promise<void>) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  const ids: string[] = []
  const result = await prisma.$transaction(async (tx) => {
    ids.length = 0 // a retried callback starts afresh
    return work(tx, async (email) => {
      const id = await queueEmail(tx, email)
      if (id) ids.push(id)
    })
  }, options)
  await deliverMail(ids)
  return result
}

/** Queues one message on its own and delivers it at once (mail that follows no other write). */
export async function sendQueuedEmail(email: Email & { dedupeKey?: string }): Promise<void> {
  const id = await queueEmail(prisma, email)
  if (id) await deliverMail([id])
}

type Claimed = { id: string; to: string; subject: string; text: string; html: string; attempts: number }

/** Takes due messages (all, or only `ids`) for this process: one statement, SKIP LOCKED. */
async function claim(now: Date, limit: number, ids?: string[]): Promise<Claimed[]> {
  if (ids && ids.length === 0) return []
  const at = now.toISOString()
  const leaseUntil = new Date(now.getTime() + MAIL_LEASE_MS).toISOString()
  const only = ids ? Prisma.sql`AND id IN (${Prisma.join(ids)})` : Prisma.empty
  return prisma.$queryRaw<Claimed[]>`
    UPDATE "MailMessage" m
    SET attempts = m.attempts + 1, "nextAttemptAt" = (${leaseUntil}::timestamptz AT TIME ZONE 'UTC')
    FROM (
      SELECT id FROM "MailMessage"
      WHERE status = 'queued' AND "nextAttemptAt" <= (${at}::timestamptz AT TIME ZONE 'UTC') ${only}
      ORDER BY "nextAttemptAt", id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE m.id = due.id
    RETURNING m.id, m."to", m.subject, m.text, m.html, m.attempts`
}

type Outcome = 'sent' | 'retry' | 'failed'

/** Sends one claimed message and records the result (guarded by the attempt it claimed). */
async function attempt(message: Claimed, now: () => Date): Promise<Outcome> {
  const { id, attempts, ...email } = message
  const mine = { id, attempts, status: 'queued' as const }
  try {
    await transmit({ from: env().MAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html })
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH)
    const giveUp = attempts >= MAIL_MAX_ATTEMPTS
    await prisma.mailMessage.updateMany({
      where: mine,
      data: giveUp ? { status: 'failed', lastError } : { lastError, nextAttemptAt: new Date(now().getTime() + retryDelay(attempts)) },
    })
    if (giveUp) logger.error({ mailId: id, to: email.to, attempts, err: error }, 'mail given up')
    else logger.warn({ mailId: id, to: email.to, attempts, err: error }, 'mail delivery failed; will retry')
    return giveUp ? 'failed' : 'retry'
  }
  // Once sent, the body is dropped: it may hold a password-reset or invitation link, which has no
  // business sitting in the database. Recipient, subject and times stay, as a record.
  await prisma.mailMessage.updateMany({ where: mine, data: { status: 'sent', sentAt: new Date(), lastError: null, text: '', html: '' } })
  return 'sent'
}

/**
 * Delivers these queued messages now (right after the transaction that queued them committed).
 * Never throws: what could not be sent stays queued for the sweeper.
 */
export async function deliverMail(ids: string[]): Promise<void> {
  if (ids.length === 0) return
  try {
    const claimed = await claim(new Date(), ids.length, ids)
    for (const message of claimed) await attempt(message, () => new Date())
  } catch (error) {
    logger.error({ err: error, mailIds: ids }, 'mail delivery failed; the sweeper will retry')
  }
}

export type SweepResult = { sent: number; retried: number; failed: number }

/**
 * Sends every message that is due, in rounds of MAIL_SWEEP_BATCH. `now` lets tests sweep as if
 * time had passed. Safe to run in several processes at once.
 */
export async function sweepMail({ now = new Date(), maxRounds = 50 } = {}): Promise<SweepResult> {
  const result: SweepResult = { sent: 0, retried: 0, failed: 0 }
  for (let round = 0; round < maxRounds; round++) {
    const claimed = await claim(now, MAIL_SWEEP_BATCH)
    if (claimed.length === 0) break
    for (const message of claimed) {
      const outcome = await attempt(message, () => now)
      if (outcome === 'sent') result.sent++
      else if (outcome === 'retry') result.retried++
      else result.failed++
    }
  }
  return result
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A plain, accessible HTML mail: a greeting, a paragraph, one button-link, a fallback URL. */
export function linkEmail(parts: { lang: string; greeting: string; body: string; action: string; url: string; footer: string }) {
  const html = `<!doctype html><html lang="${parts.lang}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937">
<p>${escapeHtml(parts.greeting)}</p><p>${escapeHtml(parts.body)}</p>
<p><a href="${escapeHtml(parts.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(parts.action)}</a></p>
<p style="font-size:13px;color:#4b5563">${escapeHtml(parts.url)}</p><p style="font-size:13px;color:#4b5563">${escapeHtml(parts.footer)}</p></body></html>`
  const text = `${parts.greeting}\n\n${parts.body}\n\n${parts.action}: ${parts.url}\n\n${parts.footer}\n`
  return { html, text }
}
