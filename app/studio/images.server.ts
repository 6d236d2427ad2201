// Images uploaded in the Studio (ADR 034 §3f): the type is read from the bytes (magic number, then
// sharp's own reading of the header), never from the file name or the browser's Content-Type; only
// PNG, JPEG and WebP are taken; the size is bounded while the upload streams in and the dimensions
// before anything is decoded; every image is decoded and encoded again (auto-oriented, its metadata —
// EXIF with GPS, XMP, IPTC — not written) and stored as a file draft `assets/<slug>-<hash>.<ext>`, which
// the review publishes like any other course file.
import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { z } from 'zod'
import { type CompileCourse } from '#app/content/compile-worker.server.ts'
import { assetContentType } from '#app/content/course-urls.server.ts'
import { type CourseSource } from '#app/content/load.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { FORM_ERROR, intent, LocaleSchema, textSchema } from '#app/utils/validation.ts'
import { RevisionSchema } from './drafts.server.ts'
import { fileDraftsOfCourse, readCourseFile, saveFileDraft } from './file-drafts.server.ts'
import {
  MAX_ALT_LENGTH,
  MAX_CAPTION_LENGTH,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_NAME_LENGTH,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
} from './image-limits.ts'

/** The image's name in the course: a slug of at most this many characters, then its hash. */
const MAX_NAME_LENGTH = 60

export type ImageFormat = 'png' | 'jpeg' | 'webp'
/** What each accepted format is stored as: PNG stays PNG (lossless: charts, diagrams); photos become WebP. */
const OUTPUT: Record<ImageFormat, 'png' | 'webp'> = { png: 'png', jpeg: 'webp', webp: 'webp' }
/** WebP quality for photos (sharp's scale, 1–100). */
const WEBP_QUALITY = 82

export type ImageError = 'missing' | 'empty' | 'tooLarge' | 'svg' | 'type' | 'dimensions' | 'unreadable' | 'stale'
export const IMAGE_ERRORS: ErrorTable<ImageError> = {
  missing: { status: 400, message: 'studio:images.errors.missing' },
  empty: { status: 400, message: 'studio:images.errors.empty' },
  tooLarge: { status: 413, message: 'studio:images.errors.tooLarge' },
  svg: { status: 400, message: 'studio:images.errors.svg' },
  type: { status: 400, message: 'studio:images.errors.type' },
  dimensions: { status: 400, message: 'studio:images.errors.dimensions' },
  unreadable: { status: 400, message: 'studio:images.errors.unreadable' },
  stale: { status: 409, message: 'studio:images.errors.stale' },
}

/** The format the first bytes say, or why not: SVG (XML text), or anything else. */
function sniff(bytes: Buffer): ImageFormat | 'svg' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp'
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
  if (/^\s*</.test(head) && /<svg[\s>]/i.test(head)) return 'svg'
  return null
}

export type ProcessedImage = { bytes: Buffer; ext: 'png' | 'webp'; width: number; height: number }

/**
 * The upload checked and encoded again, or why it is refused. Nothing is decoded before the header's
 * dimensions passed the limits, and the decoder is told the limit too.
 */
export async function processImage(
  upload: Buffer,
): Promise<{ ok: true; image: ProcessedImage } | { ok: false; error: ImageError }> {
  if (upload.length === 0) return { ok: false, error: 'empty' }
  if (upload.length > MAX_IMAGE_BYTES) return { ok: false, error: 'tooLarge' }
  const sniffed = sniff(upload)
  if (sniffed === 'svg') return { ok: false, error: 'svg' }
  if (!sniffed) return { ok: false, error: 'type' }
  let format: ImageFormat
  try {
    const meta = await sharp(upload, { limitInputPixels: false }).metadata()
    // sharp reads the header again: it must agree with the magic number.
    if (meta.format !== sniffed) return { ok: false, error: 'type' }
    format = meta.format
    const [width, height] = [meta.width ?? 0, meta.height ?? 0]
    if (!width || !height) return { ok: false, error: 'unreadable' }
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS)
      return { ok: false, error: 'dimensions' }
  } catch {
    return { ok: false, error: 'unreadable' }
  }
  try {
    // rotate() with no angle turns the pixels as EXIF says; the output keeps no metadata (sharp's default).
    const pipeline = sharp(upload, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate()
    const ext = OUTPUT[format]
    const { data, info } = await (
      ext === 'png'
        ? pipeline.png({ compressionLevel: 9, adaptiveFiltering: true })
        : pipeline.webp({ quality: WEBP_QUALITY })
    ).toBuffer({ resolveWithObject: true })
    // Encoded again, an image can grow (a 1-bit PNG of noise comes back 8-bit): the limit holds for
    // what is stored too (and keeps it under saveFileDraft's own guard).
    if (data.length > MAX_IMAGE_BYTES) return { ok: false, error: 'tooLarge' }
    return { ok: true, image: { bytes: data, ext, width: info.width, height: info.height } }
  } catch {
    return { ok: false, error: 'unreadable' }
  }
}

/** A name as the course's files spell it: lower-case ASCII words joined by hyphens, accents dropped. */
export function imageSlug(name: string): string {
  const slug = name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '')
  return slug || 'image'
}

/** `assets/<slug>-<first 8 hex of the SHA-256 of the stored bytes>.<ext>`: a new image never replaces another. */
export function imagePath(name: string, image: ProcessedImage): string {
  const hash = createHash('sha256').update(image.bytes).digest('hex').slice(0, 8)
  return `assets/${imageSlug(name)}-${hash}.${image.ext}`
}

/**
 * Checks, encodes and stores an upload as a file draft of the course. The same image uploaded twice
 * (same name and bytes after encoding) is the same file: stored once.
 */
export async function storeImage(input: {
  courseId: string
  name: string
  upload: Buffer
  userId: string
}): Promise<{ ok: true; path: string; width: number; height: number } | { ok: false; error: ImageError }> {
  const processed = await processImage(input.upload)
  if (!processed.ok) return processed
  const { image } = processed
  const path = imagePath(input.name, image)
  const current = await readCourseFile(input.courseId, path)
  if (!current.bytes?.equals(image.bytes)) {
    const saved = await saveFileDraft({
      courseId: input.courseId,
      path,
      bytes: image.bytes,
      baseRevision: current.revision,
      userId: input.userId,
    })
    if (!saved.ok) return { ok: false, error: 'stale' }
  }
  return { ok: true, path, width: image.width, height: image.height }
}

/** The course's images a figure may show (published and drafts), by name (`assets/` left out). */
export function courseImages(source: CourseSource): string[] {
  return source.assets.filter((name) => assetContentType(name)).sort()
}

/**
 * The preview's addresses of draft images: not published, so not at /content/assets/ (which serves
 * published versions to anyone) but at the Studio's own route, for the course's staff only.
 */
export async function withDraftImages(course: CompileCourse, courseId: string, lang: string): Promise<CompileCourse> {
  const drafts = new Set(
    (await fileDraftsOfCourse(courseId)).filter((d) => !d.deleted && d.path.startsWith('assets/')).map((d) => d.path),
  )
  if (!drafts.size) return course
  return {
    ...course,
    assets: course.assets.map(([name, url]) => [
      name,
      drafts.has(`assets/${name}`) ? `/${lang}/studio/${courseId}/images?file=${encodeURIComponent(name)}` : url,
    ]),
  }
}

/**
 * The Figure form (ADR 034 §3f): an image of the course (`image`, its name in assets/) or a new one
 * (`file`, stored by storeImage as the upload route does), its alt text in the lesson's language
 * (required) and an optional caption. Without JavaScript (`mode` append) the figure is added at the
 * end of the lesson's text in that language, saved as its draft; with it (`mode` snippet, after the
 * editor uploaded a new image to the upload route) the answer is the snippet, inserted at the cursor.
 */
export const FigureSchema = z
  .object({
    intent: intent('figure'),
    locale: LocaleSchema,
    revision: RevisionSchema,
    mode: z.enum(['append', 'snippet'], { errorMap: () => ({ message: FORM_ERROR }) }).default('append'),
    image: z.string({ invalid_type_error: FORM_ERROR }).max(200, 'studio:figure.unknownImage').optional(),
    // An empty file input is no file (Conform).
    file: z.instanceof(File, { message: 'validation:invalid' }).optional(),
    name: textSchema(MAX_IMAGE_NAME_LENGTH, { optional: true }),
    alt: textSchema(MAX_ALT_LENGTH),
    caption: textSchema(MAX_CAPTION_LENGTH, { optional: true }),
  })
  .refine((figure) => figure.image || figure.file, { message: 'studio:figure.chooseImage', path: ['image'] })
export type Figure = z.output<typeof FigureSchema>
