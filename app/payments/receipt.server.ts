// Purchase receipts (ADR 023). Every purchase the webhook records gets a receipt in the same
// transaction: a number without gaps per year, and a snapshot of what a public body needs to
// claim the cost (payer name, organisation and tax id, course, amount and currency, date,
// payment reference, the issuer's details). The learner is mailed a link to it, and downloads it
// from the dashboard as a PDF in either language, rendered from the snapshot.
import { z } from 'zod'
import { issuer } from '#app/certificates/issuer.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { linkEmail, queueEmail } from '#app/mail/email.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { nextInYear } from '#app/utils/sql.server.ts'
import { type ReceiptIssuer } from './receipt-pdf.server.ts'

type Tx = Prisma.TransactionClient

export function formatReceiptNumber(year: number, n: number) {
  return `AULA-R-${year}-${String(n).padStart(6, '0')}`
}

/**
 * The year's next receipt number, in the purchase's transaction. The counter's row stays locked until the purchase commits, and a
 * purchase rolled back gives its number back: receipts are numbered without gaps, as accounts
 * offices expect. Purchases wait for each other only for that short transaction.
 */
async function allocateNumber(tx: Tx, year: number) {
  return formatReceiptNumber(year, await nextInYear(tx, 'receipt', year))
}

/** The issuer's details as printed on a receipt, from config/issuer.yaml. */
function issuerSnapshot(): ReceiptIssuer {
  const config = issuer()
  return {
    name: config.name,
    url: config.url,
    legalName: config.receipts?.legalName ?? null,
    address: config.receipts?.address ?? null,
    taxId: config.receipts?.taxId ?? null,
    email: config.receipts?.email ?? null,
  }
}

/**
 * Writes the receipt of a purchase just recorded, and queues the mail that links to it, in the
 * caller's (the webhook's) transaction. The payer is the learner as their account says now.
 */
export async function createReceipt(
  tx: Tx,
  input: {
    paymentId: string
    userId: string
    courseId: string
    amountCents: number
    currency: string
    paidAt: Date
    reference: string
  },
): Promise<{ id: string; number: string }> {
  const payer = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: {
      email: true,
      displayName: true,
      certificateName: true,
      organisation: true,
      taxId: true,
      preferredLocale: true,
      country: true,
    },
  })
  const course = getCourse(input.courseId)
  const number = await allocateNumber(tx, input.paidAt.getUTCFullYear())
  const receipt = await tx.receipt.create({
    data: {
      number,
      paymentId: input.paymentId,
      userId: input.userId,
      payerName: payer.certificateName || payer.displayName,
      organisation: payer.organisation,
      taxId: payer.taxId,
      courseId: input.courseId,
      courseTitleEn: course?.title.en ?? input.courseId,
      courseTitleEs: course?.title.es ?? input.courseId,
      amountCents: input.amountCents,
      currency: input.currency,
      paidAt: input.paidAt,
      reference: input.reference,
      issuer: issuerSnapshot(),
    },
    select: { id: true, number: true },
  })
  const lang = payer.preferredLocale as Lang
  const t = getT(lang, 'payments')
  const title = (lang === 'es' ? course?.title.es : course?.title.en) ?? input.courseId
  await queueEmail(tx, {
    to: payer.email,
    subject: t('receipt.mail.subject', { number, course: title }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name: payer.displayName }),
      body: t('receipt.mail.body', {
        number,
        course: title,
        amount: formatPrice(formattingLocale(lang, payer.country), input.amountCents, input.currency),
      }),
      action: t('receipt.mail.action'),
      url: appUrl(receiptPath(lang, receipt.id)),
      footer: t('mail.footer'),
    }),
    dedupeKey: `receipt:${number}`,
  })
  return receipt
}

export function receiptPath(lang: string, receiptId: string) {
  return `/${lang}/receipts/${receiptId}.pdf`
}

/** A learner's receipts, newest first, with their payment's status (for the dashboard). */
export async function receiptsForUser(userId: string) {
  return prisma.receipt.findMany({
    where: { userId },
    orderBy: { paidAt: 'desc' },
    take: 100,
    select: {
      id: true,
      number: true,
      courseTitleEn: true,
      courseTitleEs: true,
      amountCents: true,
      currency: true,
      paidAt: true,
      payment: { select: { status: true, refundedCents: true } },
    },
  })
}

const IssuerJson = z.object({
  name: z.object({ en: z.string(), es: z.string() }),
  url: z.string(),
  legalName: z.string().nullable(),
  address: z.string().nullable(),
  taxId: z.string().nullable(),
  email: z.string().nullable(),
})

/**
 * The receipt's PDF in `lang`, for its payer or an administrator; null for anyone else (as if it
 * did not exist).
 */
export async function receiptPdf(input: { receiptId: string; userId: string; isAdmin: boolean; lang: Lang }) {
  const receipt = await prisma.receipt.findFirst({
    where: { id: input.receiptId, ...(input.isAdmin ? {} : { userId: input.userId }) },
    select: {
      number: true,
      payerName: true,
      organisation: true,
      taxId: true,
      courseTitleEn: true,
      courseTitleEs: true,
      amountCents: true,
      currency: true,
      paidAt: true,
      reference: true,
      issuer: true,
      user: { select: { country: true, email: true } },
      payment: { select: { status: true, refundedCents: true, refundedAt: true } },
    },
  })
  if (!receipt) return null
  // The PDF libraries load on the first receipt asked for, not in every process at start.
  const { renderReceiptPdf } = await import('./receipt-pdf.server.ts')
  const bytes = await renderReceiptPdf(
    {
      number: receipt.number,
      payerName: receipt.payerName,
      payerEmail: receipt.user.email,
      organisation: receipt.organisation,
      taxId: receipt.taxId,
      courseTitle: input.lang === 'es' ? receipt.courseTitleEs : receipt.courseTitleEn,
      amountCents: receipt.amountCents,
      currency: receipt.currency,
      paidAt: receipt.paidAt,
      reference: receipt.reference,
      refundedCents: receipt.payment.refundedCents,
      country: receipt.user.country,
      issuer: IssuerJson.parse(receipt.issuer),
    },
    input.lang,
  )
  return { number: receipt.number, bytes }
}
