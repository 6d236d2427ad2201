// Translation status (issue #18): which language of a lesson may be out of date, from the course's
// published versions (on a real PostgreSQL) and the drafts being written.
import path from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { loadCourse, type Problem } from '#app/content/load.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { behindAfter, translationStatus } from './translation-status.server.ts'

const source = loadCourse(path.resolve('courses/iccs'), [] as Problem[], [] as Problem[])
const [first, second] = source.modules[0]!.lessons as [
  (typeof source.modules)[0]['lessons'][0],
  (typeof source.modules)[0]['lessons'][0],
]
const key = (lesson: typeof first, locale: 'en' | 'es') =>
  path.relative(source.dir, lesson.files[locale]!.path).split(path.sep).join('/')

const NOV_20 = new Date('2026-11-20T09:00:00Z')
const DEC_1 = new Date('2026-12-01T15:30:00Z')
const DEC_2 = new Date('2026-12-02T10:00:00Z')

/** A version whose source files are `files` (fake hashes: only their equality matters here). */
async function version(number: number, createdAt: Date, files: Record<string, string>) {
  const row = await prisma.courseVersion.create({
    data: {
      courseId: 'iccs',
      number,
      createdAt,
      sourceHash: `s${number}`,
      contentHash: `c${number}`,
      source: 'files',
      manifest: {},
      lessonFiles: {},
      sourceFiles: files,
    },
    select: { id: true },
  })
  await prisma.course.update({ where: { id: 'iccs' }, data: { currentVersionId: row.id }, select: { id: true } })
  return row.id
}

const base = () => ({
  [key(first, 'en')]: 'en-1',
  [key(first, 'es')]: 'es-1',
  [key(second, 'en')]: 'en-1b',
  [key(second, 'es')]: 'es-1b',
})

beforeAll(async () => {
  await prisma.$executeRaw`INSERT INTO "Course" (id) VALUES ('iccs') ON CONFLICT (id) DO NOTHING`
})

test('the rule: a change to one language leaves the other behind until it changes too', () => {
  const both = { at: NOV_20, locales: ['en', 'es'] as const }
  expect(behindAfter([])).toBeNull()
  expect(behindAfter([{ ...both, locales: ['en', 'es'] }])).toBeNull()
  expect(
    behindAfter([
      { ...both, locales: ['en', 'es'] },
      { at: DEC_1, locales: ['en'] },
    ]),
  ).toEqual({
    locale: 'es',
    since: DEC_1,
  })
  // A second English change: still behind since the first.
  expect(
    behindAfter([
      { ...both, locales: ['en', 'es'] },
      { at: DEC_1, locales: ['en'] },
      { at: DEC_2, locales: ['en'] },
    ]),
  ).toEqual({ locale: 'es', since: DEC_1 })
  // The Spanish updated afterwards: caught up, and the English is not taken for behind.
  expect(
    behindAfter([
      { ...both, locales: ['en', 'es'] },
      { at: DEC_1, locales: ['en'] },
      { at: DEC_2, locales: ['es'] },
    ]),
  ).toBeNull()
  expect(
    behindAfter([
      { ...both, locales: ['en', 'es'] },
      { at: DEC_1, locales: ['es'] },
    ]),
  ).toEqual({ locale: 'en', since: DEC_1 })
})

test('from the versions: the English changed in version 2, so the Spanish may be out of date since then; a rollback and a draft count', async () => {
  await version(1, NOV_20, base())
  expect((await translationStatus(source)).get(first.id)).toBeNull()

  const v2 = await version(2, DEC_1, { ...base(), [key(first, 'en')]: 'en-2' })
  let status = await translationStatus(source)
  expect(status.get(first.id)).toEqual({ locale: 'es', since: DEC_1 })
  expect(status.get(second.id)).toBeNull()

  // Version 3 updates the Spanish: caught up.
  await version(3, DEC_2, { ...base(), [key(first, 'en')]: 'en-2', [key(first, 'es')]: 'es-3' })
  expect((await translationStatus(source)).get(first.id)).toBeNull()

  // Rolled back to version 2: version 3 is not the course's history any more.
  await prisma.course.update({ where: { id: 'iccs' }, data: { currentVersionId: v2 }, select: { id: true } })
  expect((await translationStatus(source)).get(first.id)).toEqual({ locale: 'es', since: DEC_1 })

  // A Spanish draft being written catches it up in the Studio's eyes.
  await prisma.lessonDraft.create({
    data: { courseId: 'iccs', lessonId: first.id, locale: 'es', source: 'Texto', revision: 1 },
  })
  expect((await translationStatus(source)).get(first.id)).toBeNull()

  // An English draft on the second lesson: its Spanish may be out of date since that save.
  const draft = await prisma.lessonDraft.create({
    data: { courseId: 'iccs', lessonId: second.id, locale: 'en', source: 'Text', revision: 1 },
    select: { updatedAt: true },
  })
  expect((await translationStatus(source)).get(second.id)).toEqual({ locale: 'es', since: draft.updatedAt })
  // Both languages' drafts saved in one sitting: neither is behind.
  await prisma.lessonDraft.create({
    data: { courseId: 'iccs', lessonId: second.id, locale: 'es', source: 'Texto', revision: 1 },
  })
  expect((await translationStatus(source)).get(second.id)).toBeNull()
})
