// Outgoing mail through nodemailer. With SMTP_URL unset (development, tests), messages are
// written to OUTBOX_DIR as JSON files instead of being sent; tests read them from there.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { env } from './env.server.ts'
import { logger } from './logger.server.ts'

export type Email = { to: string; subject: string; text: string; html: string }

let transport: nodemailer.Transporter | undefined

export async function sendEmail(email: Email): Promise<void> {
  const config = env()
  const message = { from: config.MAIL_FROM, ...email }
  if (config.SMTP_URL) {
    transport ??= nodemailer.createTransport(config.SMTP_URL)
    await transport.sendMail(message)
    logger.info({ to: email.to, subject: email.subject }, 'mail sent')
    return
  }
  const dir = path.resolve(config.OUTBOX_DIR)
  await mkdir(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = path.join(dir, `${stamp}-${Math.random().toString(36).slice(2, 8)}.json`)
  await writeFile(file, JSON.stringify({ ...message, date: new Date().toISOString() }, null, 2))
  logger.info({ to: email.to, subject: email.subject, file }, 'mail written to outbox')
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
