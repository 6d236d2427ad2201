// Reading certificate PDFs back the way a person or a phone would: the text with poppler's
// pdftotext, the QR code by rendering the page (pdftoppm) and decoding it (jsQR).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

function withTempPdf<T>(bytes: Uint8Array, run: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-pdf-'))
  try {
    const file = path.join(dir, 'certificate.pdf')
    writeFileSync(file, bytes)
    return run(file, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function pdfText(bytes: Uint8Array): string {
  return withTempPdf(bytes, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
}

export function pdfQrCode(bytes: Uint8Array): string | null {
  return withTempPdf(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(dir, 'page')])
    const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')))
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)
    return code?.data ?? null
  })
}
