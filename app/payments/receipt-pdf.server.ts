// A purchase receipt as a PDF (pdf-lib, the certificates' embedded fonts: every Spanish letter
// prints and text is extracted back as written). A4 portrait, one page, in the language asked for.
import { rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { assertPrintable, documentWithFonts, wrap } from '#app/certificates/pdf.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'

export type ReceiptIssuer = {
  name: { en: string; es: string }
  url: string
  legalName: string | null
  address: string | null
  taxId: string | null
  email: string | null
}

export type ReceiptPdfInput = {
  number: string
  payerName: string
  payerEmail: string
  organisation: string
  taxId: string | null
  courseTitle: string
  amountCents: number
  currency: string
  paidAt: Date
  reference: string
  refundedCents: number
  country: string | null
  issuer: ReceiptIssuer
}

const WIDTH = 595.28
const HEIGHT = 841.89
const MARGIN = 56
const NAVY = rgb(0.08, 0.2, 0.37)
const GREY = rgb(0.32, 0.35, 0.4)

export async function renderReceiptPdf(input: ReceiptPdfInput, lang: Lang): Promise<Uint8Array<ArrayBuffer>> {
  const t = getT(lang, 'payments')
  const locale = formattingLocale(lang, input.country)
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(input.paidAt)
  const amount = formatPrice(locale, input.amountCents, input.currency)
  assertPrintable(`${input.payerName}${input.organisation}${input.courseTitle}${input.taxId ?? ''}`)
  const title = t('receipt.pdf.title')
  const { doc, regular, bold } = await documentWithFonts({
    title: `${title} ${input.number}`,
    author: input.issuer.legalName ?? input.issuer.name[lang],
    subject: input.courseTitle,
    lang,
    date: input.paidAt,
  })
  const page = doc.addPage([WIDTH, HEIGHT])
  const width = WIDTH - 2 * MARGIN
  let y = HEIGHT - MARGIN

  const line = (text: string, font: PDFFont, size: number, color = NAVY, x = MARGIN, maxWidth = width) => {
    for (const part of wrap(text, font, size, maxWidth)) {
      page.drawText(part, { x, y, size, font, color })
      y -= size * 1.35
    }
  }
  const rule = () => {
    y -= 4
    page.drawLine({ start: { x: MARGIN, y }, end: { x: WIDTH - MARGIN, y }, thickness: 0.6, color: GREY })
    y -= 16
  }
  const field = (label: string, value: string) => {
    page.drawText(label, { x: MARGIN, y, size: 10, font: bold, color: GREY })
    const top = y
    line(value, regular, 10.5, NAVY, MARGIN + 150, width - 150)
    y = Math.min(y, top - 14)
  }

  // The issuer.
  line(input.issuer.legalName ?? input.issuer.name[lang], bold, 13)
  if (input.issuer.legalName) line(input.issuer.name[lang], regular, 9.5, GREY)
  if (input.issuer.address) line(input.issuer.address, regular, 9.5, GREY)
  if (input.issuer.taxId) line(`${t('receipt.pdf.issuerTaxId')}: ${input.issuer.taxId}`, regular, 9.5, GREY)
  line([input.issuer.email, input.issuer.url].filter(Boolean).join(' · '), regular, 9.5, GREY)
  y -= 12

  // What it is.
  line(title, bold, 22)
  y -= 4
  field(t('receipt.pdf.number'), input.number)
  field(t('receipt.pdf.date'), date)
  rule()

  // Who paid.
  line(t('receipt.pdf.receivedFrom'), bold, 11.5)
  y -= 2
  field(t('receipt.pdf.payer'), input.payerName)
  field(t('receipt.pdf.organisation'), input.organisation || '—')
  field(t('receipt.pdf.taxId'), input.taxId || '—')
  field(t('receipt.pdf.email'), input.payerEmail)
  rule()

  // For what.
  line(t('receipt.pdf.concept'), bold, 11.5)
  y -= 2
  field(t('receipt.pdf.course'), input.courseTitle)
  field(t('receipt.pdf.amount'), amount)
  field(t('receipt.pdf.method'), t('receipt.pdf.methodValue'))
  field(t('receipt.pdf.reference'), input.reference)
  if (input.refundedCents > 0)
    field(t('receipt.pdf.refunded'), formatPrice(locale, input.refundedCents, input.currency))
  rule()
  drawTotal(page, t('receipt.pdf.total'), amount, bold, y)
  y -= 40
  line(t('receipt.pdf.note'), regular, 9, GREY)
  const bytes = await doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY })
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)
}

function drawTotal(page: PDFPage, label: string, amount: string, font: PDFFont, y: number) {
  page.drawText(label, { x: MARGIN, y, size: 13, font, color: NAVY })
  const w = font.widthOfTextAtSize(amount, 13)
  page.drawText(amount, { x: WIDTH - MARGIN - w, y, size: 13, font, color: NAVY })
}
