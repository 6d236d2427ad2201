// The Studio's drafts of course files other than lessons (issue #18, ADR 034 §3c) through review
// and publish over real HTTP: a glossary term written as a draft is known to a lesson's preview
// before it is published, the review page shows the file's diff, and the publish job lays the file
// over the version; a stale save is refused; the version made in the browser exports to files that
// pass the check and import back to the same hashes; deleting a quiz a lesson still uses is refused by the
// publish's build with nothing published.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildContent } from '#app/content/build.server.ts'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { exportCourse, importCourses, readSourceFiles, sourceHashOf, storeTexts } from '#app/content/versions.server.ts'
import { closeJobQueue, runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { isStudioFilePath, maxStudioFileBytes, readCourseFile, saveFileDraft } from '#app/studio/file-drafts.server.ts'
import { publishReview } from '#app/studio/publish.server.ts'
import { publishedLessonText, studioCourseSource } from '#app/studio/studio.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
afterAll(async () => {
  await stopCompileWorker()
  await closeJobQueue()
})

const COURSE = 'iccs'
const LESSON = '/disaggregating-variables'
const TERM = 'studio-draft-term'

let author: { id: string; cookie: string }
let reviewer: { id: string; cookie: string }
beforeAll(async () => {
  const person = async (displayName: string) => {
    const user = await createUser({ role: 'trainer', displayName })
    await assignCourses(user.id, [COURSE])
    return { id: user.id, cookie: await loginCookie(user.id) }
  }
  author = await person('Ana Autora')
  reviewer = await person('Beto Revisor')
})

const { get, post } = pageClient(app)

const currentVersion = async () =>
  (
    await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true, manifest: true, sourceFiles: true } } },
    })
  ).currentVersion!

async function submitAndPublish() {
  const submitted = await post(`/es/studio/${COURSE}`, { intent: 'submit-review', message: '' }, author.cookie)
  expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
  const page = submitted.location!
  const review = await get(page, reviewer.cookie)
  const published = await post(page, { intent: 'publish' }, reviewer.cookie)
  expect(published.status, published.text.slice(0, 300)).toBe(302)
  await runJobsUntilIdle()
  const id = page.split('/').pop()!
  const row = await prisma.contentReview.findUniqueOrThrow({
    where: { id },
    select: { status: true, refusal: true, publishedNumber: true },
  })
  return { review, row }
}

test('the paths the Studio edits as files: glossary, quizzes, datasets, images; nothing else', () => {
  for (const ok of ['glossary.yaml', 'quizzes/a-quiz.yaml', 'datasets/x1.csv', 'datasets/x1.yaml', 'assets/fig-1.png'])
    expect(isStudioFilePath(ok), ok).toBe(true)
  for (const bad of [
    'course.yaml',
    '01-module/module.yaml',
    '01-module/01-lesson.en.mdx',
    'quizzes/../course.yaml',
    'quizzes/Upper.yaml',
    'assets/a.gif',
    'assets/.hidden.png',
    'glossary.yaml/x',
  ])
    expect(isStudioFilePath(bad), bad).toBe(false)
})

test(
  'a glossary term drafted in the Studio: known to the preview, shown as a diff, published with the lesson that uses it',
  { timeout: 120_000 },
  async () => {
    const glossary = await readCourseFile(COURSE, 'glossary.yaml')
    expect(glossary.draft).toBe(false)
    expect(glossary.revision).toBe(0)
    const added =
      `${glossary.bytes!.toString('utf8').trimEnd()}\n${TERM}:\n` +
      `  en: { term: "draft term", definition: "A term written in the Studio." }\n` +
      `  es: { term: "término de borrador", definition: "Un término escrito en el Studio." }\n`
    const saved = await saveFileDraft({
      courseId: COURSE,
      path: 'glossary.yaml',
      bytes: Buffer.from(added),
      baseRevision: 0,
      userId: author.id,
    })
    expect(saved).toMatchObject({ ok: true, revision: 1 })

    // A second save based on revision 0 is stale: refused, naming who saved, nothing changed.
    const stale = await saveFileDraft({
      courseId: COURSE,
      path: 'glossary.yaml',
      bytes: Buffer.from('overwritten: {}\n'),
      baseRevision: 0,
      userId: reviewer.id,
    })
    expect(stale).toMatchObject({ ok: false, error: 'stale', by: 'Ana Autora' })
    expect((await readCourseFile(COURSE, 'glossary.yaml')).bytes!.toString('utf8')).toBe(added)

    // A lesson that uses the new term: the preview knows it (the course with its file drafts).
    const source = await studioCourseSource(COURSE)
    const lessonId = source.modules.flatMap((m) => m.lessons).find((l) => l.id.endsWith(LESSON))!.id
    const text = `${publishedLessonText(source, lessonId, 'es').trimEnd()}\n\nUn <KeyTerm id="${TERM}">término nuevo</KeyTerm>.\n`
    const preview = await post(
      `/es/studio/${COURSE}/${lessonId}/preview`,
      { locale: 'es', convention: 'comma', source: text },
      author.cookie,
    )
    expect(preview.status).toBe(200)
    const answer = JSON.parse(preview.text) as { html: string | null; problems: unknown[] }
    expect(answer.problems).toEqual([])
    expect(answer.html).toContain('término nuevo')
    const savedLesson = await post(
      `/es/studio/${COURSE}/${lessonId}`,
      { intent: 'save', locale: 'es', revision: '0', source: text },
      author.cookie,
    )
    expect(savedLesson.status, savedLesson.text.slice(0, 300)).toBe(200)

    const before = await currentVersion()
    const { review, row } = await submitAndPublish()
    // The review page: the glossary's diff, the new lines marked as added.
    expect(review.status).toBe(200)
    expect(review.text).toMatch(/<ins[^>]*>.*Añadida:.*término de borrador/s)
    expect(row, JSON.stringify(row.refusal)).toMatchObject({ status: 'published', publishedNumber: before.number + 1 })

    const after = await currentVersion()
    const manifest = after.manifest as unknown as ManifestCourse
    expect(manifest.glossary[TERM]?.es.term).toBe('término de borrador')
    expect(Object.keys(after.sourceFiles as object)).toContain('glossary.yaml')
    // The drafts published are gone; the audit event names the file.
    expect(await prisma.courseFileDraft.count({ where: { courseId: COURSE } })).toBe(0)
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'content.version.publish', subject: `course:${COURSE}` },
      orderBy: { createdAt: 'desc' },
      select: { data: true },
    })
    expect(event.data).toMatchObject({ files: ['glossary.yaml'] })
  },
)

test(
  'the course edited in the browser, exported with courses:export: the files pass courses:check and import back to the same hashes, making nothing new',
  { timeout: 120_000 },
  async () => {
    const version = await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true, source: true, sourceHash: true, contentHash: true } } },
    })
    // The version the previous test published from the Studio.
    expect(version.currentVersion).toMatchObject({ source: 'studio' })
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-studio-export-'))
    try {
      const coursesDir = path.join(dir, 'courses')
      const outDir = path.join(dir, 'build')
      await exportCourse(prisma, { courseId: COURSE, outDir: path.join(coursesDir, COURSE) })
      expect(readFileSync(path.join(coursesDir, COURSE, 'glossary.yaml'), 'utf8')).toContain('término de borrador')
      const built = await buildContent({ root: coursesDir, outDir })
      expect(built.problems).toEqual([])
      const course = built.manifest.courses.find((c) => c.id === COURSE)!
      expect(course.contentHash).toBe(version.currentVersion!.contentHash)
      expect(sourceHashOf(readSourceFiles(path.join(coursesDir, COURSE)))).toBe(version.currentVersion!.sourceHash)
      const report = await importCourses(prisma, { ...built, coursesDir, contentBuildDir: outDir })
      expect(report).toMatchObject({ created: [], refused: [] })
      expect(report.unchanged.map((r) => [r.courseId, r.number])).toEqual([[COURSE, version.currentVersion!.number]])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
)

test(
  'deleting a quiz that a lesson still uses is refused by the publish build: nothing published, the draft kept',
  { timeout: 120_000 },
  async () => {
    const before = await currentVersion()
    const quiz = 'quizzes/applying-quiz.yaml'
    expect((await readCourseFile(COURSE, quiz)).bytes).not.toBeNull()
    const saved = await saveFileDraft({ courseId: COURSE, path: quiz, bytes: null, baseRevision: 0, userId: author.id })
    expect(saved.ok).toBe(true)
    expect((await readCourseFile(COURSE, quiz)).bytes).toBeNull()

    const { review, row } = await submitAndPublish()
    expect(review.text).toContain(`Se elimina ${quiz}`)
    expect(row.status).toBe('returned')
    expect(row.refusal).toMatchObject({ code: 'problems' })
    expect(JSON.stringify(row.refusal)).toContain('applying-quiz')
    expect((await currentVersion()).number).toBe(before.number)
    expect(await prisma.courseFileDraft.count({ where: { courseId: COURSE, path: quiz } })).toBe(1)
  },
)

test('a file larger than the Studio allows is never stored as a draft, and a review holding one is refused at publish before it is read', async () => {
  const big = Buffer.alloc(maxStudioFileBytes('glossary.yaml') + 1, 'a')
  await expect(
    saveFileDraft({ courseId: COURSE, path: 'glossary.yaml', bytes: big, baseRevision: 0, userId: author.id }),
  ).rejects.toThrow(/larger than the Studio allows/)
  expect(await prisma.courseFileDraft.count({ where: { courseId: COURSE, path: 'glossary.yaml' } })).toBe(0)

  // A review that holds one anyway (written before a limit was lowered, or by hand): refused.
  const before = await currentVersion()
  const [hash] = await storeTexts(prisma, [big.toString('utf8')])
  const review = await prisma.contentReview.create({
    data: {
      courseId: COURSE,
      status: 'publishing',
      baseNumber: before.number,
      submittedById: author.id,
      decidedById: reviewer.id,
      files: { create: [{ path: 'glossary.yaml', revision: 1, sha256: hash! }] },
    },
    select: { id: true },
  })
  await publishReview(review.id)
  const row = await prisma.contentReview.findUniqueOrThrow({
    where: { id: review.id },
    select: { status: true, refusal: true },
  })
  expect(row).toMatchObject({
    status: 'returned',
    refusal: { code: 'problems', problems: [{ file: 'glossary.yaml' }] },
  })
  expect((await currentVersion()).number).toBe(before.number)
})
