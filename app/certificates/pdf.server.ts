// The certificate PDF (pdf-lib). Rendered once at issue, in each language, and stored: what a
// learner downloads later is those bytes, never a fresh rendering, so a change here cannot alter
// a certificate already issued.
//
// The text uses DejaVu Serif (embedded, subset to the glyphs used): it covers Latin-1 and every
// Spanish letter, and pdftotext gets the same characters back. The QR code is drawn as vector
// squares (qrcode computes the matrix), so no image is encoded per certificate.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { deflateSync } from 'node:zlib'
import fontkit from '@pdf-lib/fontkit'
import {
  fill,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib'
import QRCode from 'qrcode'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { UnprintableTextError } from './errors.server.ts'
import { type Issuer } from './issuer.server.ts'

const require = createRequire(import.meta.url)

// pdf-lib compresses every stream (font subsets, page content, object streams) with pako, a
// JavaScript deflate that took a third of each rendering. Node's zlib writes the same format
// (RFC 1950) natively, several times faster: pdf-lib's own copy of pako is pointed at it, once.
// tests/integration/certificates.test.ts reads every stored PDF back with poppler.
const pdfLibPako = createRequire(require.resolve('pdf-lib'))('pako') as {
  deflate: (data: Uint8Array) => Uint8Array
  __aulaNative?: true
}
if (!pdfLibPako.__aulaNative) {
  pdfLibPako.deflate = (data: Uint8Array) => deflateSync(data)
  pdfLibPako.__aulaNative = true
}

function fontFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)))
}

// Read once per process; each document embeds a subset of these fonts.
let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined
function fontBytes() {
  fonts ??= { regular: fontFile('DejaVuSerif.ttf'), bold: fontFile('DejaVuSerif-Bold.ttf') }
  return fonts
}

// pdf-lib parses the font file on every embed (fontkit.create), which was most of the cost of a
// certificate (18 PDFs/s). The parsed font is only read from when subsetting, so the same
// object serves every document: fontkit with a cache keyed by the (two, immutable) buffers.
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>()
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string) {
    let font = parsed.get(buffer)
    if (!font) {
      font = fontkit.create(buffer, postscriptName)
      parsed.set(buffer, font)
    }
    return font
  },
}

export type CertificatePdfInput = {
  serial: string
  holderName: string
  courseTitle: string
  hours: number
  completedAt: Date
  /** The holder's country (ISO alpha-2), for the date and number format; null if unknown. */
  country: string | null
  verificationUrl: string
  issuer: Issuer
}

// A4 landscape, in points.
const WIDTH = 841.89
const HEIGHT = 595.28
const NAVY = rgb(0.08, 0.2, 0.37)
const TEAL = rgb(0.08, 0.55, 0.52)
const GREY = rgb(0.32, 0.35, 0.4)

/**
 * A new PDF document with the certificates' embedded fonts (DejaVu Serif, subset), for other
 * documents Aula prints (purchase receipts, app/payments/receipt-pdf.server.ts), and its metadata.
 * The dates are fixed (the completion, the payment): the same input always gives the same bytes
 * (and fingerprint).
 */
export async function documentWithFonts(meta: {
  title: string
  author: string
  subject: string
  lang: Lang
  date: Date
}) {
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(cachingFontkit)
  const fontData = fontBytes()
  const [regular, bold] = await Promise.all([
    doc.embedFont(fontData.regular, { subset: true }),
    doc.embedFont(fontData.bold, { subset: true }),
  ])
  doc.setTitle(meta.title)
  doc.setAuthor(meta.author)
  doc.setSubject(meta.subject)
  doc.setLanguage(meta.lang)
  doc.setCreator('Aula')
  doc.setProducer('Aula')
  doc.setCreationDate(meta.date)
  doc.setModificationDate(meta.date)
  return { doc, regular, bold }
}

/** Splits text into lines no wider than maxWidth at the given size. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word
    if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line)
      line = word
    } else {
      line = candidate
    }
  }
  if (line) lines.push(line)
  return lines
}

/** The largest size ≤ max (down to min) at which text fits in maxWidth on one line. */
function fitSize(text: string, font: PDFFont, max: number, min: number, maxWidth: number) {
  let size = max
  while (size > min && font.widthOfTextAtSize(text, size) > maxWidth) size -= 1
  return size
}

function centred(page: PDFPage, text: string, y: number, font: PDFFont, size: number, color = NAVY) {
  const width = font.widthOfTextAtSize(text, size)
  page.drawText(text, { x: (WIDTH - width) / 2, y, size, font, color })
}

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const count = qr.modules.size
  const quiet = 2
  const cell = size / (count + quiet * 2)
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) })
  // One path of rectangles (a run of dark modules in a row is one rectangle) filled once:
  // a few hundred operators instead of a graphics state per module.
  const operators = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)]
  for (let row = 0; row < count; row++) {
    let start = -1
    for (let col = 0; col <= count; col++) {
      const dark = col < count && qr.modules.get(row, col)
      if (dark && start < 0) start = col
      if (!dark && start >= 0) {
        operators.push(
          rectangle(x + (quiet + start) * cell, y + size - (quiet + row + 1) * cell, (col - start) * cell, cell),
        )
        start = -1
      }
    }
  }
  operators.push(fill(), popGraphicsState())
  page.pushOperators(...operators)
}

/**
 * Refuses text the certificate font cannot print, rather than store a certificate with empty
 * boxes where letters should be (names are checked at sign-up; this catches anything older or
 * entered another way). Issuing checks it before taking a serial.
 */
export function assertPrintable(text: string) {
  const glyphs = cachingFontkit.create(fontBytes().bold) as unknown as { hasGlyphForCodePoint(code: number): boolean }
  const missing = [...text].filter((c) => !/\s/.test(c) && !glyphs.hasGlyphForCodePoint(c.codePointAt(0)!))
  if (missing.length) throw new UnprintableTextError([...new Set(missing)].join(''))
}

export async function renderCertificatePdf(input: CertificatePdfInput, lang: Lang): Promise<Uint8Array<ArrayBuffer>> {
  const t = getT(lang, 'certificates')
  const locale = formattingLocale(lang, input.country)
  assertPrintable(`${input.holderName}${input.courseTitle}`)
  const title = t('pdf.heading')
  const { doc, regular, bold } = await documentWithFonts({
    title: `${title} ${input.serial}`,
    author: input.issuer.name[lang],
    subject: input.courseTitle,
    lang,
    date: input.completedAt,
  })

  const page = doc.addPage([WIDTH, HEIGHT])
  // Frame.
  page.drawRectangle({ x: 24, y: 24, width: WIDTH - 48, height: HEIGHT - 48, borderColor: NAVY, borderWidth: 2.5 })
  page.drawRectangle({ x: 32, y: 32, width: WIDTH - 64, height: HEIGHT - 64, borderColor: TEAL, borderWidth: 0.8 })

  // Issuer and logo.
  let issuerX = 60
  if (input.issuer.logoBytes && input.issuer.logoType) {
    const image =
      input.issuer.logoType === 'png'
        ? await doc.embedPng(input.issuer.logoBytes)
        : await doc.embedJpg(input.issuer.logoBytes)
    const scaled = image.scaleToFit(56, 56)
    page.drawImage(image, { x: 60, y: HEIGHT - 60 - scaled.height, width: scaled.width, height: scaled.height })
    issuerX = 60 + scaled.width + 14
  }
  const issuerLines = wrap(input.issuer.name[lang], bold, 12, WIDTH - issuerX - 60)
  issuerLines.slice(0, 2).forEach((line, i) =>
    page.drawText(line, {
      x: issuerX,
      y: HEIGHT - 80 - i * 16 + (issuerLines.length > 1 ? 8 : 0),
      size: 12,
      font: bold,
      color: NAVY,
    }),
  )

  // Heading, holder, course.
  centred(page, title.toUpperCase(), HEIGHT - 160, bold, 26, NAVY)
  centred(page, t('pdf.certifies'), HEIGHT - 200, regular, 13, GREY)
  const nameSize = fitSize(input.holderName, bold, 30, 14, WIDTH - 160)
  centred(page, input.holderName, HEIGHT - 245, bold, nameSize, NAVY)
  page.drawLine({
    start: { x: 180, y: HEIGHT - 257 },
    end: { x: WIDTH - 180, y: HEIGHT - 257 },
    thickness: 0.6,
    color: TEAL,
  })
  centred(page, t('pdf.completed'), HEIGHT - 285, regular, 13, GREY)
  const courseLines = wrap(input.courseTitle, bold, 18, WIDTH - 200).slice(0, 3)
  courseLines.forEach((line, i) => centred(page, line, HEIGHT - 318 - i * 23, bold, 18, NAVY))
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(input.completedAt)
  const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(input.hours)
  const detailsY = HEIGHT - 318 - courseLines.length * 23 - 8
  centred(page, t('pdf.details', { hours, count: input.hours, date }), detailsY, regular, 12, GREY)

  // Signatory.
  const signX = 90
  page.drawLine({ start: { x: signX, y: 118 }, end: { x: signX + 220, y: 118 }, thickness: 0.8, color: NAVY })
  page.drawText(input.issuer.signatory.name, { x: signX, y: 100, size: 12, font: bold, color: NAVY })
  page.drawText(input.issuer.signatory.title[lang], { x: signX, y: 84, size: 10.5, font: regular, color: GREY })

  // Serial, verification URL, QR.
  const qrSize = 96
  const qrX = WIDTH - 60 - qrSize
  drawQr(page, input.verificationUrl, qrX, 56, qrSize)
  const infoRight = qrX - 14
  const serialText = `${t('pdf.serial')}: ${input.serial}`
  page.drawText(serialText, {
    x: infoRight - regular.widthOfTextAtSize(serialText, 10),
    y: 118,
    size: 10,
    font: regular,
    color: GREY,
  })
  const verifyLabel = t('pdf.verify')
  page.drawText(verifyLabel, {
    x: infoRight - regular.widthOfTextAtSize(verifyLabel, 9),
    y: 100,
    size: 9,
    font: regular,
    color: GREY,
  })
  const urlSize = fitSize(input.verificationUrl, regular, 9, 6, infoRight - 340)
  page.drawText(input.verificationUrl, {
    x: infoRight - regular.widthOfTextAtSize(input.verificationUrl, urlSize),
    y: 86,
    size: urlSize,
    font: regular,
    color: NAVY,
  })

  // objectsPerTick: pdf-lib otherwise yields to the event loop (setTimeout) every 50 objects,
  // which left a third of each rendering idle.
  const bytes = await doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY })
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)
}
