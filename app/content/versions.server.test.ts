// Published course versions (ADR 034 §2) on a real PostgreSQL: import from files, serving from
// memory, rollback, the stale-base refusal, export round trip, and two nodes kept in step by NOTIFY.
// The tests run in order on one copy of courses/ and share its versions.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, inject, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser } from '#tests/utils.ts'
import { buildContent } from './build.server.ts'
import { getCourse, getManifest, lessonHtmlParts } from './catalog.server.ts'
import { ContentLoader, setLiveContent } from './live.server.ts'
import { type ManifestCourse } from './manifest.ts'
import {
  exportCourse,
  importCourses,
  lessonFilesOf,
  publishCourse,
  readSourceFiles,
  rollbackCourse,
  sourceHashOf,
  VERSION_FILE,
  VersionError,
} from './versions.server.ts'

const work = mkdtempSync(path.join(os.tmpdir(), 'aula-versions-'))
const coursesDir = path.join(work, 'courses')
const outDir = path.join(work, 'content-build')
cpSync(path.resolve('courses'), coursesDir, { recursive: true })
// The tests' compiled courses as a warm cache: only the lessons a test edits compile.
cpSync(inject('contentBuildDir'), outDir, { recursive: true })
const LESSON = path.join(coursesDir, 'iccs/01-why-a-classification/01-common-language.en.mdx')
const ORIGINAL = readFileSync(LESSON, 'utf8')
const MARKER = 'A sentence that only version two has.'
const stops: Array<() => Promise<void>> = []

afterAll(async () => {
  setLiveContent(null)
  for (const stop of stops) await stop()
  rmSync(work, { recursive: true, force: true })
})

async function build() {
  const result = await buildContent({ root: coursesDir, outDir })
  expect(result.problems).toEqual([])
  return result
}

async function importAll() {
  const { manifest, problems } = await build()
  return importCourses(prisma, { manifest, coursesDir, contentBuildDir: outDir, problems })
}

/** The text of the first lesson of the ICCS course in English, as the catalogue serves it now. */
function servedLessonText(): string {
  const lesson = getCourse('iccs')!.modules[0]!.lessons[0]!
  return lessonHtmlParts(lesson.locales.en.html)
    .map((p) => ('html' in p ? p.html : ''))
    .join('')
}

async function currentNumber(courseId: string) {
  const row = await prisma.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { currentVersion: { select: { number: true } } },
  })
  return row.currentVersion?.number ?? null
}

async function until(check: () => boolean, ms = 5000) {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

const loader = new ContentLoader(prisma)

test('the first import makes version 1 of each course; a second one makes nothing', async () => {
  const first = await importAll()
  expect(first.created.map((r) => [r.courseId, r.number]).sort()).toEqual([
    ['homicide-sdg16', 1],
    ['iccs', 1],
    ['un-cts', 1],
    ['victimization-surveys', 1],
  ])
  expect(first.refused).toEqual([])
  const blobs = await prisma.contentBlob.count()
  const events = await prisma.auditEvent.count({ where: { action: 'content.version.import' } })
  expect(events).toBe(4)

  const again = await importAll()
  expect(again.created).toEqual([])
  expect(again.unchanged.map((r) => r.number)).toEqual([1, 1, 1, 1])
  expect(await prisma.courseVersion.count()).toBe(4)
  expect(await prisma.contentBlob.count()).toBe(blobs)
  expect(await prisma.auditEvent.count({ where: { action: 'content.version.import' } })).toBe(4)

  // The server's catalogue is the versions, from memory.
  setLiveContent(loader)
  expect(await loader.reload()).toHaveLength(4)
  expect(getManifest().courses.map((c) => c.id)).toEqual(['homicide-sdg16', 'iccs', 'un-cts', 'victimization-surveys'])
  expect(servedLessonText()).not.toContain(MARKER)
  const row = await prisma.course.findUniqueOrThrow({ where: { id: 'iccs' }, select: { contentHash: true } })
  expect(row.contentHash).toBe(getCourse('iccs')!.contentHash)
})

test('a changed lesson makes version 2 of its course only, and the catalogue serves it', async () => {
  writeFileSync(LESSON, `${ORIGINAL}\n${MARKER}\n`)
  const report = await importAll()
  expect(report.created.map((r) => [r.courseId, r.number, r.previous])).toEqual([['iccs', 2, 1]])
  expect(report.unchanged).toHaveLength(3)
  expect(await loader.reload()).toEqual(['iccs'])
  expect(servedLessonText()).toContain(MARKER)
})

test('a rollback to version 1 serves the old text, is audited, and survives an import of unchanged files', async () => {
  const admin = await createUser({ role: 'admin' })
  const result = await rollbackCourse(prisma, { courseId: 'iccs', number: 1, actorId: admin.id })
  expect(result).toMatchObject({ changed: true, from: 2, to: 1 })
  expect(await loader.reload()).toEqual(['iccs'])
  expect(servedLessonText()).not.toContain(MARKER)
  const event = await prisma.auditEvent.findFirstOrThrow({
    where: { action: 'content.version.rollback', subject: 'course:iccs' },
    select: { actorId: true, data: true },
  })
  expect(event).toEqual({ actorId: admin.id, data: { from: 2, to: 1 } })

  // The files still say version 2: the newest version already has them, so nothing changes.
  const report = await importAll()
  expect(report.created).toEqual([])
  expect(await currentNumber('iccs')).toBe(1)

  // Unknown versions and courses are refused with a message, and move nothing.
  await expect(rollbackCourse(prisma, { courseId: 'iccs', number: 9 })).rejects.toThrow(
    new VersionError('course "iccs" has no version 9', 'no-version'),
  )
  await expect(rollbackCourse(prisma, { courseId: 'nope', number: 1 })).rejects.toThrow(/no course "nope"/)
  expect(await currentNumber('iccs')).toBe(1)
  // Forward again to 2.
  expect(await rollbackCourse(prisma, { courseId: 'iccs', number: 2 })).toMatchObject({ changed: true, to: 2 })
  expect(await rollbackCourse(prisma, { courseId: 'iccs', number: 2 })).toMatchObject({ changed: false })
})

test('files based on a version older than a Studio version are refused; exported files import as unchanged', async () => {
  // A Studio publish (the Studio will call publishCourse the same way): the files plus an edit.
  writeFileSync(LESSON, `${ORIGINAL}\nA sentence written in the browser.\n`)
  const { manifest } = await build()
  const course = manifest.courses.find((c) => c.id === 'iccs')!
  const studio = await publishCourse(prisma, {
    course,
    lessonHtml: new Map(lessonFilesOf(course).map((f) => [f, readFileSync(path.join(outDir, 'lessons', f))])),
    sourceFiles: readSourceFiles(path.join(coursesDir, 'iccs')),
    source: 'studio',
    baseNumber: 2,
  })
  expect(studio).toMatchObject({ status: 'created', number: 3 })

  // A technical author's files, edited from what they had (no recorded base).
  writeFileSync(LESSON, `${ORIGINAL}\nAn edit made in git.\n`)
  let report = await importAll()
  expect(report.refused).toEqual([
    {
      courseId: 'iccs',
      message: expect.stringMatching(
        /The published version 3 was made in the Studio, and these files are based on no recorded version\. Run npm run courses:export -- iccs/,
      ) as string,
    },
  ])
  writeFileSync(path.join(coursesDir, 'iccs', VERSION_FILE), '2\n')
  report = await importAll()
  expect(report.refused[0]?.message).toMatch(/published version 3 was made in the Studio.*based on version 2/)
  expect(await currentNumber('iccs')).toBe(3)
  expect(await prisma.courseVersion.count({ where: { courseId: 'iccs' } })).toBe(3)

  // Export version 3 over the files: they now say 3, and import finds nothing new.
  expect(await exportCourse(prisma, { courseId: 'iccs', outDir: path.join(coursesDir, 'iccs') })).toMatchObject({
    number: 3,
  })
  expect(readFileSync(LESSON, 'utf8')).toContain('A sentence written in the browser.')
  expect(readFileSync(path.join(coursesDir, 'iccs', VERSION_FILE), 'utf8')).toMatch(/^3$/m)
  report = await importAll()
  expect(report.refused).toEqual([])
  expect(report.created).toEqual([])
  // Edited on top of version 3, the files publish version 4.
  writeFileSync(LESSON, `${readFileSync(LESSON, 'utf8')}\nAn edit made in git after the export.\n`)
  report = await importAll()
  expect(report.created.map((r) => [r.courseId, r.number])).toEqual([['iccs', 4]])
})

test('an exported version passes courses:check and has the same source hash', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-export-'))
  try {
    await exportCourse(prisma, { courseId: 'un-cts', number: 1, outDir: path.join(dir, 'un-cts') })
    const check = await buildContent({ root: dir, outDir: '', write: false })
    expect(check.problems).toEqual([])
    expect(check.manifest.courses.map((c) => c.id)).toEqual(['un-cts'])
    const version = await prisma.courseVersion.findUniqueOrThrow({
      where: { courseId_number: { courseId: 'un-cts', number: 1 } },
      select: { sourceHash: true, contentHash: true },
    })
    expect(sourceHashOf(readSourceFiles(path.join(dir, 'un-cts')))).toBe(version.sourceHash)
    expect(check.manifest.courses[0]!.contentHash).toBe(version.contentHash)
    expect(existsSync(path.join(dir, 'un-cts', VERSION_FILE))).toBe(true)
    await expect(exportCourse(prisma, { courseId: 'un-cts', number: 7, outDir: dir })).rejects.toThrow(
      'course "un-cts" has no version 7',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a version that drops a lesson learners have progress on is published with a warning in the audit event', async () => {
  const learner = await createUser()
  const before = getCourse('un-cts')!
  const lesson = before.modules[1]!.lessons[3]!
  expect(lesson.id).toMatch(/mapping-and-metadata/)
  await prisma.lessonProgress.create({
    data: { userId: learner.id, courseId: 'un-cts', lessonId: lesson.id, completedAt: new Date() },
    select: { id: true },
  })
  for (const lang of ['en', 'es'])
    rmSync(path.join(coursesDir, `un-cts/02-persons-and-counts/04-mapping-and-metadata.${lang}.mdx`))
  const report = await importAll()
  expect(report.created).toEqual([
    { status: 'created', courseId: 'un-cts', number: 2, previous: 1, droppedWithLearnerData: [`lesson ${lesson.id}`] },
  ])
  const event = await prisma.auditEvent.findFirstOrThrow({
    where: { action: 'content.version.import', subject: 'course:un-cts', data: { path: ['number'], equals: 2 } },
    select: { data: true },
  })
  expect(event.data).toMatchObject({ droppedWithLearnerData: [`lesson ${lesson.id}`] })
})

test('two nodes: a rollback on one is served by the other within seconds, through NOTIFY', async () => {
  const nodeA = new ContentLoader(prisma)
  const nodeB = new ContentLoader(prisma)
  const heard: string[][] = []
  // A poll of an hour: only the notification can bring the change in time.
  for (const node of [nodeA, nodeB])
    stops.push(
      await node.start({
        databaseUrl: process.env.DATABASE_URL!,
        pollMs: 3_600_000,
        onChange: (ids) => heard.push(ids),
      }),
    )
  const versionOf = (node: ContentLoader, number: number) =>
    prisma.courseVersion
      .findUniqueOrThrow({ where: { courseId_number: { courseId: 'iccs', number } }, select: { id: true } })
      .then((v) => node.snapshot?.versions.get('iccs') === v.id)
  expect(await versionOf(nodeB, 4)).toBe(true)
  const textOf = (node: ContentLoader) => {
    const course = node.snapshot!.manifest.courses.find((c) => c.id === 'iccs') as ManifestCourse
    return node
      .lessonParts(course.modules[0]!.lessons[0]!.locales.en.html)!
      .map((p) => ('html' in p ? p.html : ''))
      .join('')
  }
  expect(textOf(nodeB)).toContain('An edit made in git after the export.')

  await rollbackCourse(prisma, { courseId: 'iccs', number: 1 })
  const v1 = await prisma.courseVersion.findUniqueOrThrow({
    where: { courseId_number: { courseId: 'iccs', number: 1 } },
    select: { id: true },
  })
  await until(() => nodeA.snapshot?.versions.get('iccs') === v1.id && nodeB.snapshot?.versions.get('iccs') === v1.id)
  expect(textOf(nodeB)).not.toContain('An edit made in git')
  expect(textOf(nodeB)).not.toContain(MARKER)
  expect(heard).toContainEqual(['iccs'])

  // A publish from files on "node A's" side reaches node B the same way.
  writeFileSync(LESSON, `${ORIGINAL}\nA third text, published while both nodes run.\n`)
  const report = await importAll()
  expect(report.created.map((r) => [r.courseId, r.number])).toEqual([['iccs', 5]])
  await until(() => textOf(nodeB).includes('A third text'))

  // The listening connections cut (a database restart, an idle timeout): each node listens again
  // within seconds, and hears the next change without waiting for its poll.
  const cut = await prisma.$queryRaw<Array<{ ok: boolean }>>`
    SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
    WHERE datname = current_database() AND query = 'LISTEN aula_content' AND pid <> pg_backend_pid()`
  expect(cut).toEqual([{ ok: true }, { ok: true }])
  await new Promise((r) => setTimeout(r, 6000))
  await rollbackCourse(prisma, { courseId: 'iccs', number: 2 })
  await until(() => textOf(nodeA).includes(MARKER) && textOf(nodeB).includes(MARKER), 5000)
})
