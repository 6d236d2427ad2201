// Images in the Studio over real HTTP (issue #18, ADR 034 §3f): a PNG and a JPEG uploaded, checked by
// their bytes, encoded again without their metadata and stored as file drafts; a figure inserted with
// the editor's Figure form, shown by the preview, published by the job, and then served by a node
// that never had the image on disk (from the version's blob). Every bad upload — a script named
// .png, an SVG with <script>, a file over the size limit, a pixel bomb, an empty or missing file,
// another course's trainer, a learner — is refused with a translated 4xx and changes nothing.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CONTENT_BUILD_DIR, getCourse } from '#app/content/catalog.server.ts'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { closeJobQueue, runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { fileDraftsOfCourse, readCourseFile } from '#app/studio/file-drafts.server.ts'
import { MAX_IMAGE_BYTES } from '#app/studio/image-limits.ts'
import { prisma } from '#app/utils/db.server.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
afterAll(async () => {
  await stopCompileWorker()
  await closeJobQueue()
})

const COURSE = 'un-cts'
const UPLOAD = `/es/studio/${COURSE}/images`

let author: { id: string; cookie: string }
let reviewer: { id: string; cookie: string }
let otherCourseTrainer: string
let learner: string
beforeAll(async () => {
  const person = async (displayName: string, course: string) => {
    const user = await createUser({ role: 'trainer', displayName })
    await assignCourses(user.id, [course])
    return { id: user.id, cookie: await loginCookie(user.id) }
  }
  author = await person('Ana Autora', COURSE)
  reviewer = await person('Beto Revisor', COURSE)
  otherCourseTrainer = (await person('Otra Persona', 'iccs')).cookie
  learner = await loginCookie((await createUser()).id)
})

const { get, post } = pageClient(app)

/** A multipart POST as a browser sends a form with a file (`file: null` leaves the field out). */
async function postFile(
  pathname: string,
  file: { bytes: Buffer; name: string; type?: string } | null,
  cookie: string,
  fields: Record<string, string> = {},
) {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.set(name, value)
  if (file) body.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/png' }), file.name)
  const response = await fetch(`${app.origin}${pathname}`, {
    method: 'POST',
    headers: { Origin: app.origin, Cookie: cookie },
    body,
    redirect: 'manual',
  })
  const text = await response.text()
  return { status: response.status, text, location: response.headers.get('Location') }
}

const upload = async (file: { bytes: Buffer; name: string; type?: string } | null, cookie = author.cookie) => {
  const answer = await postFile(UPLOAD, file, cookie)
  return { ...answer, json: JSON.parse(answer.text) as { src?: string; width?: number; error?: string } }
}

/** A PNG of width × height in one colour, written by hand (1-bit grey): small in bytes at any size. */
function flatPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 1 // bit depth
  header[9] = 0 // greyscale
  const row = Buffer.alloc(1 + Math.ceil(width / 8))
  const pixels = Buffer.alloc(row.length * height)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return ~crc >>> 0
}

const chart = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 90, b: 160 } } })
    .png()
    .withExif({ IFD0: { Copyright: 'Aula test', Artist: 'Ana' } })
    .toBuffer()

/** A 40 × 20 photo whose EXIF says "turn it 90°" and where it was taken. */
const photo = () =>
  sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 50, b: 50 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Copyright: 'Aula test', Make: 'Camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 25/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '3/1 42/1 0/1' },
    })
    .toBuffer()

test('a PNG (even named .jpg) and a JPEG are stored as drafts, encoded again: no EXIF or GPS, turned upright', async () => {
  const png = await chart()
  expect((await sharp(png).metadata()).exif).toBeDefined()
  const first = await upload({ bytes: png, name: 'Gráfico de tasas.jpg', type: 'image/jpeg' })
  expect(first.status, first.text).toBe(201)
  // The type is the bytes': a PNG stays a PNG, whatever its name said; the name is a slug plus a hash.
  expect(first.json.src).toMatch(/^assets\/grafico-de-tasas-[0-9a-f]{8}\.png$/)
  const storedPng = await readCourseFile(COURSE, first.json.src!)
  expect(storedPng).toMatchObject({ draft: true, revision: 1 })
  const pngMeta = await sharp(storedPng.bytes!).metadata()
  expect(pngMeta).toMatchObject({ format: 'png', width: 64, height: 48 })
  expect(pngMeta.exif).toBeUndefined()

  const jpeg = await photo()
  expect((await sharp(jpeg).metadata()).exif).toBeDefined()
  const second = await upload({ bytes: jpeg, name: 'foto-de-campo.jpg', type: 'image/jpeg' })
  expect(second.status, second.text).toBe(201)
  expect(second.json.src).toMatch(/^assets\/foto-de-campo-[0-9a-f]{8}\.webp$/)
  const storedJpeg = await readCourseFile(COURSE, second.json.src!)
  const jpegMeta = await sharp(storedJpeg.bytes!).metadata()
  // Photos become WebP, turned as EXIF said (40 × 20 shown 20 × 40), with no metadata left.
  expect(jpegMeta).toMatchObject({ format: 'webp', width: 20, height: 40 })
  expect(jpegMeta.exif).toBeUndefined()
  expect(jpegMeta.orientation).toBeUndefined()
  expect(storedJpeg.bytes!.toString('latin1')).not.toContain('Camera')

  // The same image again is the same file: no new revision.
  expect((await upload({ bytes: png, name: 'Gráfico de tasas.jpg' })).json.src).toBe(first.json.src)
  expect((await readCourseFile(COURSE, first.json.src!)).revision).toBe(1)
  expect((await fileDraftsOfCourse(COURSE)).map((d) => d.path)).toEqual([first.json.src, second.json.src].sort())
})

test('bad uploads are refused with a translated message and change nothing', async () => {
  const before = await databaseFingerprint()
  const refused = async (
    file: { bytes: Buffer; name: string; type?: string } | null,
    status: number,
    message: string,
    cookie = author.cookie,
  ) => {
    const answer = await upload(file, cookie)
    expect(answer.status, answer.text).toBe(status)
    expect(answer.json.error).toContain(message)
    // Its key too, for the editor's form to show at the file field.
    expect((answer.json as { key?: string }).key).toMatch(/^studio:images\.errors\./)
  }
  // A page with a script, named and typed as a PNG.
  await refused(
    { bytes: Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), name: 'grafico.png' },
    400,
    'no es una imagen PNG, JPEG ni WebP',
  )
  await refused(
    {
      bytes: Buffer.from(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      ),
      name: 'dibujo.svg',
      type: 'image/svg+xml',
    },
    400,
    'No se aceptan imágenes SVG',
  )
  // Past the limit (the reading stops there).
  const big = Buffer.concat([await chart(), Buffer.alloc(MAX_IMAGE_BYTES)])
  await refused({ bytes: big, name: 'enorme.png' }, 413, 'más de 5 MB')
  // 20,000 × 20,000 pixels of one colour: 400 million pixels in about 60 KB.
  const bomb = flatPng(20_000, 20_000)
  expect(bomb.length).toBeLessThan(100_000)
  expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 20_000, format: 'png' })
  await refused({ bytes: bomb, name: 'bomba.png' }, 400, 'demasiado grande')
  // A PNG cut short after its header.
  await refused({ bytes: (await chart()).subarray(0, 60), name: 'roto.png' }, 400, 'No se pudo leer la imagen')
  await refused({ bytes: Buffer.alloc(0), name: 'vacio.png' }, 400, 'El archivo está vacío')
  await refused(null, 400, 'Elija un archivo de imagen')
  await refused({ bytes: await chart(), name: 'ajeno.png' }, 403, 'no imparte este curso', otherCourseTrainer)
  await refused({ bytes: await chart(), name: 'ajeno.png' }, 403, 'no imparte este curso', learner)
  expect(await databaseFingerprint()).toEqual(before)
})

test('the Figure form: an alt text is required, the image must be the course’s; the figure is added to the draft', async () => {
  const lesson = getCourse(COURSE)!.modules[0]!.lessons[0]!
  const editor = `/es/studio/${COURSE}/${lesson.id}`
  const image = (await fileDraftsOfCourse(COURSE)).find((d) => d.path.endsWith('.png'))!.path.replace('assets/', '')
  const before = await databaseFingerprint()
  const fields = { intent: 'figure', locale: 'es', revision: '0', image }
  const noAlt = await postFile(editor, null, author.cookie, { ...fields, alt: '   ' })
  expect(noAlt.status).toBe(400)
  expect(noAlt.text).toContain('Este campo es obligatorio')
  const unknown = await postFile(editor, null, author.cookie, { ...fields, image: 'no-existe.png', alt: 'Tasa' })
  expect(unknown.status).toBe(400)
  expect(unknown.text).toContain('El curso no tiene ninguna imagen con ese nombre')
  const noImage = await postFile(editor, null, author.cookie, { ...fields, image: '', alt: 'Tasa' })
  expect(noImage.status).toBe(400)
  expect(noImage.text).toContain('Elija una imagen del curso o un archivo de imagen nuevo')
  // A new image in the same form (no JavaScript) is checked like an upload.
  const svg = await postFile(
    editor,
    { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), name: 'x.png' },
    author.cookie,
    { ...fields, image: '', alt: 'Tasa' },
  )
  expect(svg.status).toBe(400)
  expect(svg.text).toContain('No se aceptan imágenes SVG')
  const other = await postFile(editor, null, otherCourseTrainer, { ...fields, alt: 'Tasa' })
  expect(other.status).toBe(403)
  expect(await databaseFingerprint()).toEqual(before)

  // With JavaScript the answer is the snippet (quotes written as references), nothing saved.
  const snippet = await postFile(`${editor}.data`, null, author.cookie, {
    ...fields,
    mode: 'snippet',
    alt: 'Tasa de "homicidios"',
  })
  expect(snippet.status).toBe(200)
  expect(snippet.text).toContain(`<Figure src=\\"assets/${image}\\" alt=\\"Tasa de &quot;homicidios&quot;\\" />`)
  expect(await databaseFingerprint()).toEqual(before)

  // Without JavaScript the figure is added at the end of the Spanish text, saved as its draft.
  const added = await postFile(editor, null, author.cookie, {
    ...fields,
    alt: 'Tasa de homicidios por región',
    caption: 'Datos inventados',
  })
  expect(added.status, added.text.slice(0, 300)).toBe(303)
  const draft = await prisma.lessonDraft.findUniqueOrThrow({
    where: { courseId_lessonId_locale: { courseId: COURSE, lessonId: lesson.id, locale: 'es' } },
    select: { source: true, revision: true },
  })
  expect(draft.revision).toBe(1)
  expect(draft.source.trimEnd()).toMatch(
    new RegExp(`<Figure src="assets/${image}" alt="Tasa de homicidios por región" caption="Datos inventados" />$`),
  )
  // The same form on the old revision is stale: refused, nothing saved.
  const stale = await postFile(editor, null, author.cookie, { ...fields, alt: 'Otra vez' })
  expect(stale.status).toBe(409)
  expect(stale.text).toContain('Otra persona guardó este texto')
})

test('a Figure with an empty alt is refused by the compiler; the preview shows a draft image from the Studio', async () => {
  const lesson = getCourse(COURSE)!.modules[0]!.lessons[0]!
  const { source } = await prisma.lessonDraft.findUniqueOrThrow({
    where: { courseId_lessonId_locale: { courseId: COURSE, lessonId: lesson.id, locale: 'es' } },
    select: { source: true },
  })
  const image = source.match(/src="assets\/([^"]+)"/)![1]!
  const preview = async (text: string) => {
    const answer = await post(
      `/es/studio/${COURSE}/${lesson.id}/preview`,
      { locale: 'es', convention: 'comma', source: text },
      author.cookie,
    )
    expect(answer.status).toBe(200)
    return JSON.parse(answer.text) as { html: string | null; problems: Array<{ message: string }> }
  }
  const empty = await preview(source.replace(/alt="[^"]*"/, 'alt=""'))
  expect(empty.problems.map((p) => p.message)).toContain('Figure needs alt text (alt="…")')
  const shown = await preview(source)
  expect(shown.problems).toEqual([])
  const src = `/es/studio/${COURSE}/images?file=${image}`
  expect(shown.html).toContain(`src="${src}"`)
  const served = await fetch(`${app.origin}${src}`, { headers: { Cookie: author.cookie } })
  expect(served.status).toBe(200)
  expect(served.headers.get('Content-Type')).toBe('image/png')
  expect(Buffer.from(await served.arrayBuffer()).equals((await readCourseFile(COURSE, `assets/${image}`)).bytes!)).toBe(
    true,
  )
  // A draft is the course staff's: not a learner's, not another course's trainer's.
  expect((await get(src, learner)).status).toBe(403)
  expect((await get(src, otherCourseTrainer)).status).toBe(403)
})

test(
  'published: the image is served by a node that never had it on disk, from the version, cached for good',
  { timeout: 120_000 },
  async () => {
    const lesson = getCourse(COURSE)!.modules[0]!.lessons[0]!
    const before = await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true } } },
    })
    const submitted = await post(`/es/studio/${COURSE}`, { intent: 'submit-review', message: '' }, author.cookie)
    expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
    const review = await get(submitted.location!, reviewer.cookie)
    expect(review.text).toContain('Archivo nuevo: assets/grafico-de-tasas-')
    expect((await post(submitted.location!, { intent: 'publish' }, reviewer.cookie)).status).toBe(302)
    await runJobsUntilIdle()

    const version = (
      await prisma.course.findUniqueOrThrow({
        where: { id: COURSE },
        select: { currentVersion: { select: { number: true, manifest: true, lessonFiles: true, sourceFiles: true } } },
      })
    ).currentVersion!
    expect(version.number).toBe(before.currentVersion!.number + 1)
    const images = Object.keys(version.sourceFiles as object).filter((p) => p.startsWith('assets/'))
    expect(images).toHaveLength(2)
    expect(await prisma.courseFileDraft.count({ where: { courseId: COURSE } })).toBe(0)

    // The lesson's HTML names the image by its content-addressed public name.
    const manifest = version.manifest as unknown as ManifestCourse
    const file = manifest.modules.flatMap((m) => m.lessons).find((l) => l.id === lesson.id)!.locales.es.html
    const hash = (version.lessonFiles as Record<string, string>)[file]!
    const html = Buffer.from(
      (await prisma.contentBlob.findUniqueOrThrow({ where: { sha256: hash }, select: { bytes: true } })).bytes,
    ).toString('utf8')
    const url = html.match(/src="(\/content\/assets\/un-cts\/[0-9a-f]{12}-[^"]+\.png)"/)![1]!
    const name = url.split('/').pop()!
    // This node (the tests' server, reading the repository's content-build/) never built the version.
    expect(existsSync(path.join(CONTENT_BUILD_DIR, 'assets', COURSE, name))).toBe(false)

    for (let i = 0; i < 2; i++) {
      // Anyone may read a published image; the second read comes from memory.
      const served = await fetch(`${app.origin}${url}`)
      expect(served.status).toBe(200)
      expect(served.headers.get('Content-Type')).toBe('image/png')
      expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
      const blob = (version.sourceFiles as Record<string, string>)[images.find((p) => p.endsWith('.png'))!]!
      expect(blob.startsWith(name.slice(0, 12))).toBe(true)
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe('png')
    }
    // A name whose hash is not the file's, a file of another course, and the answer keys are not served.
    expect((await fetch(`${app.origin}/content/assets/un-cts/000000000000-${name.slice(13)}`)).status).toBe(404)
    expect((await fetch(`${app.origin}/content/assets/iccs/${name}`)).status).toBe(404)
    const quiz = Object.entries(version.sourceFiles as Record<string, string>).find(([p]) => p.startsWith('quizzes/'))!
    expect(
      (await fetch(`${app.origin}/content/assets/un-cts/${quiz[1].slice(0, 12)}-${path.basename(quiz[0])}`)).status,
    ).toBe(404)
  },
)
