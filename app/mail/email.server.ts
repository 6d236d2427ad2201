// Outgoing mail, through the job queue (ADR 012, revising ADR 010).
// - queueEmail(tx, email) writes a MailMessage row and its `mail:send` job inside the caller's
//   transaction, so the mail exists exactly when the change that causes it (a purchase, a
//   certificate, an invitation) commits, and a rolled-back change queues nothing.
// - A job runner (app/jobs/runner.server.ts) picks the job up as soon as it commits and calls
//   deliverMail(); a failed send is retried with the library's backoff and given up (status
//   failed, counted on the admin overview) after MAIL_MAX_ATTEMPTS. Each job is taken by one
//   runner; only a runner that dies after the relay accepted a message and before it was marked
//   sent can send it twice, once the library frees its job.
// - The MailMessage row is the record: recipient, subject, status, attempts and the last error.
//   A sent message keeps those but not its body (reset and invitation links).
//
// Transports: SMTP (nodemailer) when SMTP_URL is set; otherwise each message is written to
// OUTBOX_DIR as a JSON file (development, tests). Tests can replace the transport.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type nodemailer from 'nodemailer'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { enqueue } from '#app/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { env } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'

export type Email = { to: string; subject: string; text: string; html: string }
export type OutgoingMessage = Email & { from: string }
export type MailTransport = (message: OutgoingMessage) => Promise<void>

/**
 * Attempts before a message is given up (status failed). With the library's backoff (e^n
 * seconds after the n-th failure, at most e^10 s ≈ 6 h) the last attempt comes about 46 hours
 * after the first: two days of relay trouble, as before.
 */
export const MAIL_MAX_ATTEMPTS = 17
const MAX_ERROR_LENGTH = 1000

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
    // Bounded waits: a stuck relay fails the attempt (and it is retried) instead of holding a runner.
    if (!smtp || smtp.url !== config.SMTP_URL) {
      // Loaded where mail is sent (the job runner), not by every process at start.
      const { default: nodemailer } = await import('nodemailer')
      smtp = {
        url: config.SMTP_URL,
        transporter: nodemailer.createTransport(config.SMTP_URL, {
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        } as never),
      }
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

/**
 * Queues a message in the caller's transaction: its row and the job that sends it. Returns its
 * id, or null when a message with the same `dedupeKey` exists already (nothing is queued then).
 */
export async function queueEmail(
  tx: Prisma.TransactionClient,
  email: Email & { dedupeKey?: string },
): Promise<string | null> {
  const data = { to: email.to, subject: email.subject, text: email.text, html: email.html }
  let id: string
  if (!email.dedupeKey) {
    id = (await tx.mailMessage.create({ data, select: { id: true } })).id
  } else {
    // INSERT … ON CONFLICT DO NOTHING: a concurrent writer of the same key waits, then adds nothing.
    const inserted = await tx.mailMessage.createMany({
      data: [{ ...data, dedupeKey: email.dedupeKey }],
      skipDuplicates: true,
    })
    if (inserted.count === 0) return null
    id = (await tx.mailMessage.findUniqueOrThrow({ where: { dedupeKey: email.dedupeKey }, select: { id: true } })).id
  }
  await enqueue(tx, 'mail:send', { mailId: id }, { maxAttempts: MAIL_MAX_ATTEMPTS })
  return id
}

/** Queues a message that follows no other write (the account mails), in a transaction of its own. */
export async function queueEmailAlone(email: Email & { dedupeKey?: string }): Promise<void> {
  await prisma.$transaction((tx) => queueEmail(tx, email))
}

/**
 * The `mail:send` task: sends one queued message and records the outcome on its row. A failure
 * is recorded and thrown, so the runner retries the job later; on the last attempt the message
 * is marked failed. A message that is no longer queued (sent, or given up) is left alone.
 */
export async function deliverMail(mailId: string, job: { attempt: number; maxAttempts: number }): Promise<void> {
  const message = await prisma.mailMessage.findUnique({
    where: { id: mailId },
    select: { to: true, subject: true, text: true, html: true, status: true },
  })
  if (!message || message.status !== 'queued') return
  const mine = { id: mailId, status: 'queued' as const }
  try {
    await transmit({
      from: env().MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    })
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH)
    const giveUp = job.attempt >= job.maxAttempts
    await prisma.mailMessage.updateMany({
      where: mine,
      data: { attempts: job.attempt, lastError, ...(giveUp ? { status: 'failed' as const } : {}) },
    })
    if (giveUp) logger.error({ mailId, to: message.to, attempts: job.attempt, err: error }, 'mail given up')
    else logger.warn({ mailId, to: message.to, attempts: job.attempt, err: error }, 'mail delivery failed; will retry')
    throw new Error(`mail delivery failed: ${lastError}`)
  }
  // Once sent, the body is dropped: it may hold a password-reset or invitation link, which has no
  // business sitting in the database. Recipient, subject and times stay, as a record.
  await prisma.mailMessage.updateMany({
    where: mine,
    data: { status: 'sent', sentAt: new Date(), attempts: job.attempt, lastError: null, text: '', html: '' },
  })
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A plain, accessible HTML mail: a greeting, a paragraph, one button-link, a fallback URL. */
export function linkEmail(parts: {
  lang: string
  greeting: string
  body: string
  action: string
  url: string
  footer: string
}) {
  const html = `<!doctype html><html lang="${parts.lang}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937">
<p>${escapeHtml(parts.greeting)}</p><p>${escapeHtml(parts.body)}</p>
<p><a href="${escapeHtml(parts.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(parts.action)}</a></p>
<p style="font-size:13px;color:#4b5563">${escapeHtml(parts.url)}</p><p style="font-size:13px;color:#4b5563">${escapeHtml(parts.footer)}</p></body></html>`
  const text = `${parts.greeting}\n\n${parts.body}\n\n${parts.action}: ${parts.url}\n\n${parts.footer}\n`
  return { html, text }
}
