// Who teaches what (ADR 034 §2, issue #18 item 5), over real HTTP: an administrator assigns and
// removes a course's trainers in the console, each change audited with who made it, and the trainer
// area follows at the trainer's next request; bad input and other roles get a translated 4xx and
// change nothing; a trainer's lesson page is still one statement; course.yaml's `trainers:` list is
// applied once per change of the list, by "files"; the demo trainer teaches its courses after a seed.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { deleteAccount } from '#app/accounts/user.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { type Manifest } from '#app/content/manifest.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { applyFileTrainers, courseTrainerEmails, removeTrainer } from '#app/teaching/trainers.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { seed } from '#prisma/seed.ts'
import { serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie, queryCounter, uniqueEmail } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true })
const count = queryCounter()

type Messages = { trainers: { errors: Record<string, string> } }
const messages = (lang: Lang) => JSON.parse(readFileSync(`app/locales/${lang}/admin.json`, 'utf8')) as Messages

async function get(path: string, cookie: string) {
  const response = await fetch(`${app.origin}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' })
  return { status: response.status, text: await response.text(), location: response.headers.get('location') }
}

async function post(fields: Record<string, string>, cookie: string, lang: Lang = 'en') {
  const response = await fetch(`${app.origin}/${lang}/admin/trainers`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { Cookie: cookie, Origin: app.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
  return { status: response.status, text: await response.text(), location: response.headers.get('location') }
}

async function signedIn(role: 'learner' | 'trainer' | 'admin') {
  const user = await createUser({ role })
  return { user, cookie: await loginCookie(user.id) }
}

const teachLink = (lang: Lang, course: string) => `href="/${lang}/teach/${course}"`

async function auditOf(courseId: string) {
  return prisma.auditEvent.findMany({
    where: { subject: `course:${courseId}`, action: { startsWith: 'course.trainer.' } },
    select: { action: true, actorId: true, data: true },
    orderBy: { createdAt: 'asc' },
  })
}

test('an administrator assigns a trainer by e-mail and removes them: audited with who did it, and /teach follows at the next request', async () => {
  const { user: admin, cookie: adminCookie } = await signedIn('admin')
  const { user: trainer, cookie } = await signedIn('trainer')
  const before = await get('/en/teach', cookie)
  expect(before.status).toBe(200)
  expect(before.text).not.toContain(teachLink('en', 'iccs'))
  expect((await get('/en/teach/iccs', cookie)).status).toBe(403)

  // The address as someone might type it: spaces and capitals.
  const assigned = await post(
    { intent: 'assign-trainer', courseId: 'iccs', email: `  ${trainer.email.toUpperCase()} ` },
    adminCookie,
  )
  expect(assigned.status).toBe(302)
  expect(assigned.location).toBe('/en/admin/trainers#course-iccs')
  expect(
    await prisma.courseTrainer.findMany({
      where: { userId: trainer.id },
      select: { courseId: true, assignedById: true },
    }),
  ).toEqual([{ courseId: 'iccs', assignedById: admin.id }])
  expect(await auditOf('iccs')).toEqual([
    {
      action: 'course.trainer.assign',
      actorId: admin.id,
      data: { userId: trainer.id, email: trainer.email },
    },
  ])

  // No restart, no new session: the trainer's next page lists exactly the assigned course.
  const teach = await get('/en/teach', cookie)
  expect(teach.text).toContain(teachLink('en', 'iccs'))
  for (const other of getManifest().courses.filter((c) => c.id !== 'iccs')) {
    expect(teach.text).not.toContain(teachLink('en', other.id))
    expect((await get(`/en/teach/${other.id}`, cookie)).status).toBe(403)
  }
  expect((await get('/en/teach/iccs', cookie)).status).toBe(200)
  // The console lists them under the course, in either language, and export reads the same rows.
  const consolePage = await get('/es/admin/trainers', adminCookie)
  expect(consolePage.status).toBe(200)
  expect(consolePage.text).toContain(trainer.email)
  expect(consolePage.text).toContain('Asignar formador')
  expect(await courseTrainerEmails('iccs')).toContain(trainer.email)

  const removed = await post({ intent: 'remove-trainer', courseId: 'iccs', userId: trainer.id }, adminCookie, 'es')
  expect(removed.status).toBe(302)
  expect(removed.location).toBe('/es/admin/trainers#course-iccs')
  expect(await prisma.courseTrainer.count({ where: { userId: trainer.id } })).toBe(0)
  expect((await auditOf('iccs')).at(-1)).toEqual({
    action: 'course.trainer.remove',
    actorId: admin.id,
    data: { userId: trainer.id, email: trainer.email },
  })
  expect((await get('/en/teach', cookie)).text).not.toContain(teachLink('en', 'iccs'))
  expect((await get('/en/teach/iccs', cookie)).status).toBe(403)
  expect(await courseTrainerEmails('iccs')).not.toContain(trainer.email)
})

test('bad input gets a translated 4xx that says what is wrong, and changes nothing', async () => {
  const { cookie: adminCookie } = await signedIn('admin')
  const { user: assigned } = await signedIn('trainer')
  await assignCourses(assigned.id, ['iccs'])
  const { user: notAssigned } = await signedIn('trainer')
  const { user: learner } = await signedIn('learner')
  const deleted = await createUser({ role: 'trainer' })
  const deletedEmail = deleted.email
  await deleteAccount(deleted.id)
  const fingerprint = await databaseFingerprint()
  const cases: Array<[string, Record<string, string>, number, string | null]> = [
    ['unknown course', { intent: 'assign-trainer', courseId: 'no-such-course', email: assigned.email }, 404, 'course'],
    ['unknown e-mail', { intent: 'assign-trainer', courseId: 'iccs', email: uniqueEmail('nobody') }, 404, 'noAccount'],
    ['deleted account', { intent: 'assign-trainer', courseId: 'iccs', email: deletedEmail }, 404, 'noAccount'],
    ['a learner', { intent: 'assign-trainer', courseId: 'iccs', email: learner.email }, 409, 'learner'],
    ['already assigned', { intent: 'assign-trainer', courseId: 'iccs', email: assigned.email }, 409, 'alreadyAssigned'],
    [
      'remove someone not assigned',
      { intent: 'remove-trainer', courseId: 'iccs', userId: notAssigned.id },
      404,
      'notAssigned',
    ],
    [
      'remove from another course',
      { intent: 'remove-trainer', courseId: 'un-cts', userId: assigned.id },
      404,
      'notAssigned',
    ],
    [
      'remove from an unknown course',
      { intent: 'remove-trainer', courseId: 'no-such', userId: assigned.id },
      404,
      'course',
    ],
    ['malformed e-mail', { intent: 'assign-trainer', courseId: 'iccs', email: 'not-an-address' }, 400, null],
    ['empty e-mail', { intent: 'assign-trainer', courseId: 'iccs', email: '   ' }, 400, null],
    ['malformed course', { intent: 'assign-trainer', courseId: '../iccs', email: assigned.email }, 400, null],
    ['malformed user id', { intent: 'remove-trainer', courseId: 'iccs', userId: "x' OR 1=1" }, 400, null],
    ['no intent', { courseId: 'iccs', email: assigned.email }, 400, null],
    ['unknown intent', { intent: 'promote', courseId: 'iccs', email: assigned.email }, 400, null],
  ]
  for (const lang of ['en', 'es'] as const) {
    for (const [label, fields, status, key] of cases) {
      const response = await post(fields, adminCookie, lang)
      expect(response.status, `${lang}: ${label}`).toBe(status)
      if (key) expect(response.text, `${lang}: ${label}`).toContain(messages(lang).trainers.errors[key])
    }
  }
  expect(await databaseFingerprint()).toEqual(fingerprint)
})

test('only administrators: a trainer or a learner posting gets 403, anonymous goes to log in, and nothing changes', async () => {
  const { user: target } = await signedIn('trainer')
  const { user: assigned } = await signedIn('trainer')
  await assignCourses(assigned.id, ['iccs'])
  const fingerprint = await databaseFingerprint()
  for (const role of ['trainer', 'learner'] as const) {
    const { cookie } = await signedIn(role)
    const after = await databaseFingerprint()
    expect((await get('/en/admin/trainers', cookie)).status).toBe(403)
    expect((await post({ intent: 'assign-trainer', courseId: 'iccs', email: target.email }, cookie)).status).toBe(403)
    expect((await post({ intent: 'remove-trainer', courseId: 'iccs', userId: assigned.id }, cookie)).status).toBe(403)
    expect(await databaseFingerprint()).toEqual(after)
  }
  // The assigned trainer themself may not add a colleague to their own course either.
  const own = await loginCookie(assigned.id)
  expect((await post({ intent: 'assign-trainer', courseId: 'iccs', email: target.email }, own)).status).toBe(403)
  const anonymous = await post({ intent: 'assign-trainer', courseId: 'iccs', email: target.email }, '')
  expect(anonymous.status).toBe(302)
  expect(anonymous.location).toMatch(/^\/en\/login\?/)
  expect(await prisma.courseTrainer.count({ where: { userId: target.id } })).toBe(0)
  expect(await prisma.courseTrainer.count({ where: { userId: assigned.id } })).toBe(1)
  // Only the sessions made above were added.
  const tablesChanged = Object.entries(await databaseFingerprint())
    .filter(([name, value]) => fingerprint[name] !== value)
    .map(([name]) => name)
  expect(tablesChanged).toEqual(['public."Password"', 'public."Session"', 'public."User"'])
})

test("an assigned trainer's lesson page, drafts and all, is still one statement", async () => {
  const { user, cookie } = await signedIn('trainer')
  await assignCourses(user.id, ['iccs'])
  const path = '/en/courses/iccs/why-a-classification/origin-and-status'
  const statements = await count(async () => {
    const response = await fetch(`${app.origin}${path}`, { headers: { Cookie: cookie } })
    expect(await response.text()).toContain('<article')
    return response
  })
  expect(statements).toBe(1)
  // The same person on a draft course: staff see it only while assigned (the session carries it).
  // The server's own manifest (the module instance its routes use).
  const catalog = await app.load<{ getManifest: typeof getManifest }>('/app/content/catalog.server.ts')
  const course = catalog.getManifest().courses.find((c) => c.id === 'iccs')!
  const status = course.status
  course.status = 'draft'
  try {
    expect((await get('/en/courses/iccs', cookie)).status).toBe(200)
    await prisma.courseTrainer.deleteMany({ where: { userId: user.id } })
    expect((await get('/en/courses/iccs', cookie)).status).toBe(404)
  } finally {
    course.status = status
  }
})

test("course.yaml's list is applied once per change of the list, by 'files': never undoing the console, pending accounts tried again", async () => {
  const courseId = 'trainers-from-files'
  await prisma.course.create({ data: { id: courseId }, select: { id: true } })
  const iccs = getManifest().courses.find((c) => c.id === 'iccs')!
  const withList = (trainers: string[]): Manifest => ({
    ...getManifest(),
    courses: [{ ...iccs, id: courseId, trainers }],
  })
  const rows = async () =>
    (
      await prisma.courseTrainer.findMany({
        where: { courseId },
        select: { user: { select: { email: true } }, assignedById: true },
      })
    )
      .map((r) => [r.user.email, r.assignedById])
      .sort()
  const { user: admin } = await signedIn('admin')
  const listed = await createUser({ role: 'trainer' })
  const learner = await createUser()
  const later = uniqueEmail('later')

  // Capitals in the file are the same address; a learner and an address with no account are not assigned.
  await applyFileTrainers(prisma, withList([listed.email.toUpperCase(), learner.email, later]))
  expect(await rows()).toEqual([[listed.email, null]])
  expect(await auditOf(courseId)).toEqual([
    {
      action: 'course.trainer.assign',
      actorId: null,
      data: { userId: listed.id, email: listed.email, source: 'files' },
    },
  ])

  // Removed in the console: the same file, applied again at the next start, does not bring them back.
  expect(await removeTrainer({ actorId: admin.id, courseId, userId: listed.id })).toEqual({
    ok: true,
    userId: listed.id,
  })
  await applyFileTrainers(prisma, withList([listed.email, learner.email, later]))
  expect(await rows()).toEqual([])
  expect(await auditOf(courseId)).toHaveLength(2)

  // The address with no account signs up and is made a trainer: assigned at the next start.
  const newcomer = await createUser({ email: later, role: 'trainer' })
  await applyFileTrainers(prisma, withList([listed.email, learner.email, later]))
  expect(await rows()).toEqual([[later, null]])

  // Taken off the file's list: removed, by "files". A file that never listed someone does not
  // remove the console's assignment.
  const consoleOnly = await createUser({ role: 'trainer' })
  await assignCourses(consoleOnly.id, [courseId])
  await applyFileTrainers(prisma, withList([listed.email]))
  expect(await rows()).toEqual([[consoleOnly.email, null]])
  expect((await auditOf(courseId)).at(-1)).toEqual({
    action: 'course.trainer.remove',
    actorId: null,
    data: { userId: newcomer.id, email: later, source: 'files' },
  })
  // Listed again (a change of the list): the address is applied again.
  await applyFileTrainers(prisma, withList([]))
  await applyFileTrainers(prisma, withList([listed.email]))
  expect(await rows()).toEqual(
    [
      [consoleOnly.email, null],
      [listed.email, null],
    ].sort(),
  )
  expect(await courseTrainerEmails(courseId)).toEqual([consoleOnly.email, listed.email].sort())
})

test('the demo trainer teaches the courses that list them after a seed, whichever ran first', async () => {
  await seed(prisma)
  await syncCatalogue(prisma, getManifest())
  const taught = await prisma.courseTrainer.findMany({
    where: { user: { email: 'trainer@aula.example' } },
    select: { courseId: true },
    orderBy: { courseId: 'asc' },
  })
  const listing = getManifest()
    .courses.filter((c) => c.trainers.includes('trainer@aula.example'))
    .map((c) => c.id)
    .sort()
  expect(listing.length).toBeGreaterThan(0)
  expect(taught.map((t) => t.courseId)).toEqual(listing)
  // Synced again (a restart): nothing new.
  const events = await prisma.auditEvent.count()
  await syncCatalogue(prisma, getManifest())
  expect(await prisma.auditEvent.count()).toBe(events)
})

test("User.teaches follows the person's CourseTrainer rows, kept by the database whoever writes them", async () => {
  const teaches = async (id: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { id }, select: { teaches: true } })).teaches
  const trainer = await createUser({ role: 'trainer' })
  await prisma.course.create({ data: { id: 'teaches-copy' }, select: { id: true } })
  await assignCourses(trainer.id, ['un-cts', 'iccs', 'teaches-copy'])
  expect(await teaches(trainer.id)).toEqual(['iccs', 'teaches-copy', 'un-cts'])
  await prisma.courseTrainer.deleteMany({ where: { userId: trainer.id, courseId: 'un-cts' } })
  expect(await teaches(trainer.id)).toEqual(['iccs', 'teaches-copy'])
  // A course deleted (cascade) leaves the copy too; moving a row to another person moves it.
  await prisma.course.delete({ where: { id: 'teaches-copy' } })
  expect(await teaches(trainer.id)).toEqual(['iccs'])
  const other = await createUser({ role: 'trainer' })
  await prisma.courseTrainer.updateMany({ where: { userId: trainer.id }, data: { userId: other.id } })
  expect(await teaches(trainer.id)).toEqual([])
  expect(await teaches(other.id)).toEqual(['iccs'])
  // An account removed for good takes its rows with it, without an error.
  await prisma.user.delete({ where: { id: other.id } })
  expect(await prisma.courseTrainer.count({ where: { userId: other.id } })).toBe(0)
})
