// Reading certificate PDFs back the way a person or a phone would, with MuPDF's WebAssembly build
// (nothing to install): the text of every page, and the QR code found by rendering the first page
// to pixels and decoding them (jsQR).
import jsQR from 'jsqr'
import * as mupdf from 'mupdf'

function withDocument<T>(bytes: Uint8Array, read: (document: mupdf.Document) => T): T {
  const document = mupdf.Document.openDocument(bytes, 'application/pdf')
  try {
    return read(document)
  } finally {
    document.destroy()
  }
}

/** The text of every page, in reading order, pages separated by a form feed (as pdftotext does). */
export function pdfText(bytes: Uint8Array): string {
  return withDocument(bytes, (document) => {
    const pages: string[] = []
    for (let i = 0; i < document.countPages(); i++) {
      const page = document.loadPage(i)
      const text = page.toStructuredText('preserve-whitespace')
      pages.push(text.asText())
      text.destroy()
      page.destroy()
    }
    return pages.join('\f')
  })
}

/** The content of the QR code on the first page, read from the page rendered at 150 dpi; null if none is found. */
export function pdfQrCode(bytes: Uint8Array): string | null {
  return withDocument(bytes, (document) => {
    const page = document.loadPage(0)
    const pixmap = page.toPixmap(mupdf.Matrix.scale(150 / 72, 150 / 72), mupdf.ColorSpace.DeviceRGB, false)
    try {
      const width = pixmap.getWidth()
      const height = pixmap.getHeight()
      const stride = pixmap.getStride()
      const rgb = pixmap.getPixels()
      // jsQR reads RGBA.
      const rgba = new Uint8ClampedArray(width * height * 4)
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const from = y * stride + x * 3
          const to = (y * width + x) * 4
          rgba[to] = rgb[from]!
          rgba[to + 1] = rgb[from + 1]!
          rgba[to + 2] = rgb[from + 2]!
          rgba[to + 3] = 255
        }
      }
      return jsQR(rgba, width, height)?.data ?? null
    } finally {
      pixmap.destroy()
      page.destroy()
    }
  })
}
