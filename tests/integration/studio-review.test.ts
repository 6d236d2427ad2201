// Reviews in the Studio over real HTTP (issue #18, ADR 034 §3a): drafts submitted as one review, read
// as a diff and published by someone else in a background job that makes the next version; what
// is refused (one's own review, a base that moved, unsafe MDX, another course's trainer, bad input)
// publishes nothing and changes nothing.
import { existsSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getCourse } from '#app/content/catalog.server.ts'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { rollbackCourse } from '#app/content/versions.server.ts'
import { closeJobQueue, runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { publishReview } from '#app/studio/publish.server.ts'
import { publishedLessonText, studioCourseSource } from '#app/studio/studio.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
afterAll(async () => {
  await stopCompileWorker()
  await closeJobQueue()
})

const COURSE = 'iccs'
const lessons = () => getCourse(COURSE)!.modules[0]!.lessons
const editor = (lessonId: string) => `/es/studio/${COURSE}/${lessonId}`

let trainer: { id: string; cookie: string }
let secondTrainer: { id: string; cookie: string }
let otherCourseTrainer: string
let learner: string
let admin: { id: string; cookie: string }
beforeAll(async () => {
  const person = async (role: 'trainer' | 'admin', courses: string[], displayName: string) => {
    const user = await createUser({ role, displayName })
    if (courses.length) await assignCourses(user.id, courses)
    return { id: user.id, cookie: await loginCookie(user.id) }
  }
  trainer = await person('trainer', [COURSE], 'Ana Formadora')
  secondTrainer = await person('trainer', [COURSE], 'Beto Revisor')
  otherCourseTrainer = (await person('trainer', ['victimization-surveys'], 'Otra Persona')).cookie
  learner = await loginCookie((await createUser()).id)
  admin = await person('admin', [], 'Ada Administradora')
})

const { get, post } = pageClient(app)

/** Saves a draft of the lesson in Spanish as the trainer; returns its revision. */
async function saveDraft(lessonId: string, source: string, revision = 0, cookie = trainer.cookie) {
  const saved = await post(
    editor(lessonId),
    { intent: 'save', locale: 'es', revision: String(revision), source },
    cookie,
  )
  expect(saved.status, saved.text.slice(0, 300)).toBe(200)
  return revision + 1
}

async function submit(cookie = trainer.cookie) {
  const submitted = await post(
    `/es/studio/${COURSE}`,
    { intent: 'submit-review', message: 'Revisen, por favor.' },
    cookie,
  )
  expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
  const id = submitted.location!.split('/').pop()!
  return { id, page: `/es/studio/${COURSE}/reviews/${id}` }
}

const current = async () =>
  (
    await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true, manifest: true, lessonFiles: true } } },
    })
  ).currentVersion!
const versionCount = () => prisma.courseVersion.count({ where: { courseId: COURSE } })

/** The Spanish HTML of a lesson in the current version, read from its blob. */
async function currentLessonHtml(lessonId: string): Promise<string> {
  const version = await current()
  const manifest = version.manifest as unknown as ManifestCourse
  const lesson = manifest.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId)!
  const hash = (version.lessonFiles as Record<string, string>)[lesson.locales.es.html]!
  const blob = await prisma.contentBlob.findUniqueOrThrow({ where: { sha256: hash }, select: { bytes: true } })
  return Buffer.from(blob.bytes).toString('utf8')
}

const status = async (id: string) =>
  prisma.contentReview.findUniqueOrThrow({
    where: { id },
    select: { status: true, publishedNumber: true, refusal: true },
  })

test(
  'submit, then another trainer publishes: version N+1 has the new text, a draft edited after submitting stays a draft, the audit log says who and what',
  { timeout: 120_000 },
  async () => {
    const [first, second] = [lessons()[0]!, lessons()[1]!]
    const source = await studioCourseSource(COURSE)
    const before = await current()
    const added = 'Una línea nueva escrita en el Studio para la revisión.'
    await saveDraft(first.id, `${publishedLessonText(source, first.id, 'es').trimEnd()}\n\n${added}\n`)
    const secondRevision = await saveDraft(
      second.id,
      `${publishedLessonText(source, second.id, 'es').trimEnd()}\n\nOtra línea.\n`,
    )
    const review = await submit()

    // The outline shows the review and the lessons in it.
    const outline = await get(`/es/studio/${COURSE}`, trainer.cookie)
    expect(outline.text).toContain('en revisión')
    expect(outline.text).toContain('Pendiente de revisión.')

    // Edited after submitting: the reviewer still sees (and publishes) the submitted text.
    await saveDraft(second.id, 'editado después de enviar', secondRevision)

    // The diff: the new line marked as added, with a text label.
    const page = await get(review.page, secondTrainer.cookie)
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/<ins[^>]*>.*Añadida:.*Una línea nueva escrita en el Studio/s)
    expect(page.text).not.toContain('editado después de enviar')

    // The submitter cannot publish their own review.
    const own = await post(review.page, { intent: 'publish' }, trainer.cookie)
    expect(own.status).toBe(403)
    expect(own.text).toContain('otra persona debe publicarlos')
    expect((await status(review.id)).status).toBe('submitted')

    const accepted = await post(review.page, { intent: 'publish' }, secondTrainer.cookie)
    expect(accepted.status).toBe(302)
    expect((await status(review.id)).status).toBe('publishing')
    expect((await get(review.page, secondTrainer.cookie)).text).toContain('Publicando')
    // Nothing compiled on the request: the version is made by the job.
    expect((await current()).number).toBe(before.number)
    await runJobsUntilIdle()

    const after = await current()
    expect(after.number).toBe(before.number + 1)
    expect(await status(review.id)).toMatchObject({ status: 'published', publishedNumber: after.number })
    expect(await currentLessonHtml(first.id)).toContain(added)
    expect((await get(review.page, trainer.cookie)).text).toContain(`Publicada como versión ${after.number}`)
    // The published draft is gone; the one edited after submitting stays.
    expect(await prisma.lessonDraft.findMany({ select: { lessonId: true, source: true } })).toEqual([
      { lessonId: second.id, source: 'editado después de enviar' },
    ])
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'content.version.publish', subject: `course:${COURSE}` },
      select: { actorId: true, data: true },
    })
    expect(event.actorId).toBe(secondTrainer.id)
    expect(event.data).toMatchObject({
      number: after.number,
      reviewId: review.id,
      submittedById: trainer.id,
      lessons: [`${first.id} (es)`, `${second.id} (es)`],
    })
    // The Studio now starts from the new version.
    expect(publishedLessonText(await studioCourseSource(COURSE), first.id, 'es')).toContain(added)
    await prisma.lessonDraft.deleteMany()
  },
)

test('a review whose base version moved is refused when published: nothing is published, the review says why', async () => {
  const lesson = lessons()[0]!
  const source = await studioCourseSource(COURSE)
  await saveDraft(
    lesson.id,
    `${publishedLessonText(source, lesson.id, 'es').trimEnd()}\n\nTexto sobre una base vieja.\n`,
  )
  const review = await submit()
  const base = await current()
  // Someone rolls the course back meanwhile.
  await rollbackCourse(prisma, { courseId: COURSE, number: base.number - 1 })
  const versions = await versionCount()
  expect((await post(review.page, { intent: 'publish' }, admin.cookie)).status).toBe(302)
  await runJobsUntilIdle()
  expect(await versionCount()).toBe(versions)
  expect((await current()).number).toBe(base.number - 1)
  expect((await status(review.id)).status).toBe('returned')
  expect((await status(review.id)).refusal).toMatchObject({ code: 'base-moved' })
  expect((await get(review.page, trainer.cookie)).text).toContain('se publicó otra versión después de enviar')
  // The draft stays for the trainer to bring onto the published text.
  expect(await prisma.lessonDraft.count()).toBe(1)
  await rollbackCourse(prisma, { courseId: COURSE, number: base.number })
  await prisma.lessonDraft.deleteMany()
})

test('a lesson with code, import or <script> is refused when published: nothing published, nothing run', async () => {
  const marker = path.join(os.tmpdir(), `aula-review-marker-${process.pid}`)
  rmSync(marker, { force: true })
  const write = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x")`
  const lesson = lessons()[0]!
  const source = await studioCourseSource(COURSE)
  const text = publishedLessonText(source, lesson.id, 'es').trimEnd()
  await saveDraft(
    lesson.id,
    `${text}\n\n{process.exit()}\n\nimport fs from 'node:fs'\n\n<script>{${write}}</script>\n\n{${write}}\n`,
  )
  const review = await submit()
  const versions = await versionCount()
  const before = await current()
  expect((await post(review.page, { intent: 'publish' }, admin.cookie)).status).toBe(302)
  await runJobsUntilIdle()
  expect(existsSync(marker)).toBe(false)
  expect(await versionCount()).toBe(versions)
  expect((await current()).number).toBe(before.number)
  const refused = await status(review.id)
  expect(refused.status).toBe('returned')
  const refusal = refused.refusal as { code: string; problems: Array<{ code?: string; line?: number }> }
  expect(refusal.code).toBe('problems')
  expect(refusal.problems.map((p) => p.code)).toEqual(
    expect.arrayContaining(['expression', 'import-export', 'element']),
  )
  const page = await get(review.page, trainer.cookie)
  expect(page.text).toContain('estas lecciones tienen problemas')
  expect(page.text).toContain('import y export no están permitidos')
  await prisma.lessonDraft.deleteMany()
})

test("another course's trainer and a learner are refused every review page and action; bad input is a translated 4xx that changes nothing", async () => {
  const lesson = lessons()[0]!
  const source = await studioCourseSource(COURSE)
  await saveDraft(lesson.id, `${publishedLessonText(source, lesson.id, 'es').trimEnd()}\n\nUn cambio.\n`)
  const review = await submit()
  const fingerprint = await databaseFingerprint()

  for (const cookie of [otherCourseTrainer, learner]) {
    expect((await get(review.page, cookie)).status).toBe(403)
    expect((await get(`/es/studio/${COURSE}`, cookie)).status).toBe(403)
    const actions: Array<Record<string, string>> = [
      { intent: 'publish' },
      { intent: 'send-back', body: 'No.' },
      { intent: 'comment', body: 'Hola' },
    ]
    for (const fields of actions) expect((await post(review.page, fields, cookie)).status).toBe(403)
    expect((await post(`/es/studio/${COURSE}`, { intent: 'submit-review' }, cookie)).status).toBe(403)
  }
  // Another course's review address: not found, even to an administrator.
  expect((await get(`/es/studio/victimization-surveys/reviews/${review.id}`, admin.cookie)).status).toBe(404)
  expect(
    (await post(`/es/studio/victimization-surveys/reviews/${review.id}`, { intent: 'publish' }, admin.cookie)).status,
  ).toBe(404)
  // An unknown or malformed review id.
  expect((await get(`/es/studio/${COURSE}/reviews/no-such-review`, admin.cookie)).status).toBe(404)
  expect(
    (await post(`/es/studio/${COURSE}/reviews/${'x'.repeat(80)}`, { intent: 'publish' }, admin.cookie)).status,
  ).toBe(404)

  const cases: Array<[string, Record<string, string>, string]> = [
    ['a comment over 2,000 characters', { intent: 'comment', body: 'a'.repeat(2001) }, 'más de 2000 caracteres'],
    ['an empty comment', { intent: 'comment', body: '   ' }, 'Escriba un comentario'],
    ['sending back without a comment', { intent: 'send-back' }, 'Escriba un comentario'],
    ['an unknown intent', { intent: 'delete-everything' }, ''],
    ['no intent', {}, ''],
  ]
  for (const [label, fields, message] of cases) {
    const refused = await post(review.page, fields, admin.cookie)
    expect(refused.status, label).toBe(400)
    expect(refused.text, label).toContain('role="alert"')
    if (message) expect(refused.text, label).toContain(message)
  }
  // A second review while one is open; a submit message too long.
  const second = await post(`/es/studio/${COURSE}`, { intent: 'submit-review' }, trainer.cookie)
  expect(second.status).toBe(409)
  expect(second.text).toContain('ya tiene una revisión pendiente')
  const long = await post(
    `/es/studio/${COURSE}`,
    { intent: 'submit-review', message: 'a'.repeat(2001) },
    trainer.cookie,
  )
  expect(long.status).toBe(400)
  expect(await databaseFingerprint()).toEqual(fingerprint)

  // Send back with a comment: returned, audited, the draft kept.
  const sent = await post(review.page, { intent: 'send-back', body: 'Falta la traducción.' }, secondTrainer.cookie)
  expect(sent.status).toBe(302)
  expect((await status(review.id)).status).toBe('returned')
  expect((await get(review.page, trainer.cookie)).text).toContain('Falta la traducción.')
  expect(await prisma.auditEvent.count({ where: { action: 'content.review.return' } })).toBe(1)
  expect(await prisma.lessonDraft.count()).toBe(1)
  // Decided: a second decision is a 409.
  expect((await post(review.page, { intent: 'publish' }, admin.cookie)).status).toBe(409)
})

test('a publish that fails unexpectedly fails its job (retried); on the last attempt the review is returned as failed, nothing published', async () => {
  const before = await current()
  // A review whose file points at bytes that are not stored: what a lost row or a bug looks like.
  const review = await prisma.contentReview.create({
    data: {
      courseId: COURSE,
      status: 'publishing',
      baseNumber: before.number,
      submittedById: trainer.id,
      decidedById: admin.id,
      files: { create: [{ path: 'glossary.yaml', revision: 1, sha256: 'f'.repeat(64) }] },
    },
    select: { id: true },
  })
  await expect(publishReview(review.id, { lastAttempt: false })).rejects.toThrow(/missing/)
  // Not the last attempt: still publishing, so the runner's retry finds it.
  expect((await status(review.id)).status).toBe('publishing')
  await expect(publishReview(review.id, { lastAttempt: true })).rejects.toThrow(/missing/)
  expect(await status(review.id)).toMatchObject({ status: 'returned', refusal: { code: 'failed', problems: [] } })
  expect((await current()).number).toBe(before.number)
  const page = await get(`/es/studio/${COURSE}/reviews/${review.id}`, trainer.cookie)
  expect(page.text).toContain('la publicación falló en el servidor')
})
