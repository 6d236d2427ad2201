// Notes and bookmarks per lesson (issue 15, item 10): private to the learner, kept across
// languages (keyed by lesson id), listed on the dashboard; another learner can neither read nor
// change them; bad input and a learner not enrolled change nothing; deleted with the account.
import { beforeAll, expect, test } from 'vitest'
import { deleteAccount } from '#app/accounts/user.server.ts'
import { getCourse, getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { MAX_LESSON_NOTE_LENGTH } from '#app/utils/limits.ts'
import { createUser, databaseFingerprint, loginCookie, submit, visit } from '#tests/utils.ts'

const COURSE = 'iccs'
const course = () => getCourse(COURSE)!
const first = () => course().modules[0]!.lessons[0]!
const params = (lang: 'en' | 'es') => ({
  lang,
  course: COURSE,
  module: course().modules[0]!.slug,
  lesson: first().slug,
})
const url = (lang: 'en' | 'es') => `/${lang}/courses/${COURSE}/${first().id}`

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

async function learner({ enrolled = true } = {}) {
  const user = await createUser()
  if (enrolled)
    await prisma.enrolment.create({
      data: { userId: user.id, courseId: COURSE, source: 'free' },
      select: { id: true },
    })
  return { user, cookie: await loginCookie(user.id) }
}

const post = (cookie: string, fields: Record<string, string>, lang: 'en' | 'es' = 'es') =>
  submit(lessonAction, params(lang), url(lang), fields, cookie)

const view = async (cookie: string, lang: 'en' | 'es') =>
  (
    (await visit(lessonLoader, params(lang), url(lang), cookie)).data as {
      note: { note: string; bookmarked: boolean } | null
    }
  ).note

const dashboard = async (cookie: string, lang: 'en' | 'es') =>
  (
    (await visit(dashboardLoader, { lang }, `/${lang}/dashboard`, cookie)).data as {
      notes: Array<{ lessonTitle: string; href: string; note: string; bookmarked: boolean }>
    }
  ).notes

test('a note written in Spanish is the same note in English, bookmarked, and listed on the dashboard in each language', async () => {
  const { cookie } = await learner()
  expect(await view(cookie, 'es')).toEqual({ note: '', bookmarked: false })
  const saved = await post(cookie, {
    intent: 'save-note',
    note: 'Revisar la diferencia entre\r\nhomicidio y feminicidio.',
  })
  expect(saved.status).toBe(302)
  expect(saved.headers.get('Location')).toBe(`${url('es')}#my-notes`)
  expect((await post(cookie, { intent: 'bookmark', bookmarked: 'true' }, 'en')).status).toBe(302)

  const note = { note: 'Revisar la diferencia entre\nhomicidio y feminicidio.', bookmarked: true }
  expect(await view(cookie, 'en')).toEqual(note)
  expect(await view(cookie, 'es')).toEqual(note)
  expect(await dashboard(cookie, 'en')).toEqual([
    expect.objectContaining({ ...note, lessonTitle: first().locales.en.title, href: url('en') }),
  ])
  expect(await dashboard(cookie, 'es')).toEqual([
    expect.objectContaining({ ...note, lessonTitle: first().locales.es.title, href: url('es') }),
  ])

  // The bookmark goes, the note stays; then the note emptied: nothing left.
  await post(cookie, { intent: 'bookmark', bookmarked: 'false' })
  expect(await view(cookie, 'es')).toEqual({ ...note, bookmarked: false })
  await post(cookie, { intent: 'save-note', note: '' })
  expect(await view(cookie, 'es')).toEqual({ note: '', bookmarked: false })
  expect(await dashboard(cookie, 'es')).toEqual([])
})

test('another learner neither sees nor changes them', async () => {
  const ana = await learner()
  const bruno = await learner()
  await post(ana.cookie, { intent: 'save-note', note: 'Nota privada de Ana' })
  await post(ana.cookie, { intent: 'bookmark', bookmarked: 'true' })
  expect(await view(bruno.cookie, 'es')).toEqual({ note: '', bookmarked: false })
  expect(await dashboard(bruno.cookie, 'es')).toEqual([])
  // Bruno's writes are Bruno's: the form names no owner, the session does.
  await post(bruno.cookie, { intent: 'save-note', note: 'Nota de Bruno', userId: ana.user.id })
  expect(await view(ana.cookie, 'es')).toEqual({ note: 'Nota privada de Ana', bookmarked: true })
  expect(await view(bruno.cookie, 'es')).toEqual({ note: 'Nota de Bruno', bookmarked: false })
})

test('refused, changing nothing: not enrolled, signed out, too long, a bad bookmark value', async () => {
  const outsider = await learner({ enrolled: false })
  const { cookie } = await learner()
  const before = await databaseFingerprint()
  expect((await post(outsider.cookie, { intent: 'save-note', note: 'x' })).status).toBe(403)
  const anonymous = await post('', { intent: 'save-note', note: 'x' })
  expect(anonymous.status).toBe(302)
  expect(anonymous.headers.get('Location')).toMatch(/\/login/)
  const long = await post(cookie, { intent: 'save-note', note: 'a'.repeat(MAX_LESSON_NOTE_LENGTH + 1) })
  expect(long.status).toBe(400)
  expect((long.data as { result: { error: Record<string, string[]> } }).result.error).toEqual({
    note: ['validation:tooLong'],
  })
  expect((await post(cookie, { intent: 'bookmark', bookmarked: 'yes' })).status).toBe(400)
  expect(await databaseFingerprint()).toEqual(before)
  expect(await view(outsider.cookie, 'es')).toBeNull()
})

test('deleting the account deletes the notes (ADR 003)', async () => {
  const { user, cookie } = await learner()
  await post(cookie, { intent: 'save-note', note: 'Algo personal' })
  expect(await prisma.lessonNote.count({ where: { userId: user.id } })).toBe(1)
  await deleteAccount(user.id)
  expect(await prisma.lessonNote.count({ where: { userId: user.id } })).toBe(0)
})
