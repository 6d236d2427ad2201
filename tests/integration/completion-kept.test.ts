// Adding content to a course does not take completion away from a learner who already completed
// it (issue 15, item 15; ADR 029): still 100 % and "Completed" on the dashboard, the course page,
// the lesson page, the trainer's and the administrator's views; the lessons added since are new and
// optional for them; their certificate stays the one they were issued.
import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { courseProgress, markLessonComplete } from '#app/progress/progress.server.ts'
import { loader as personLoader } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as courseLoader } from '#app/routes/$lang.courses.$course._index.tsx'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { loader as teachLoader } from '#app/routes/$lang.teach.$course._index.tsx'
import { courseOverview } from '#app/teaching/teach.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { context, createUser, getRequest, loginCookie, queuedJobs, runDueJobs, settle } from '#tests/utils.ts'

const COURSE = 'un-cts'
const full = () => getManifest().courses.find((c) => c.id === COURSE)!

/** The course as it was before its last lesson was added (and without required quizzes, to finish it quickly). */
function before(): ManifestCourse {
  const course = full()
  const modules = course.modules.map((m, i) =>
    i === course.modules.length - 1 ? { ...m, lessons: m.lessons.slice(0, -1) } : m,
  )
  return { ...course, modules, certificate: { ...course.certificate, quizzes: [] } }
}

async function enrolledLearner() {
  const user = await createUser()
  await prisma.course.upsert({
    where: { id: COURSE },
    create: { id: COURSE, status: 'published', priceCents: 0 },
    update: {},
    select: { id: true },
  })
  await prisma.enrolment.create({ data: { userId: user.id, courseId: COURSE, source: 'free' }, select: { id: true } })
  return user
}

async function completedLearner() {
  const user = await enrolledLearner()
  const old = before()
  let last = null
  for (const m of old.modules) for (const l of m.lessons) last = await markLessonComplete(user.id, old, l.id)
  expect(last?.completedNow).toBe(true)
  await runDueJobs() // the certificate job, as a node's job runner would
  const certificate = await prisma.certificate.findFirstOrThrow({
    where: { userId: user.id, courseId: COURSE },
    select: { id: true, serial: true, issuedAt: true, revokedAt: true, pdfEnSha256: true },
  })
  return { user, certificate }
}

const added = () => full().modules.at(-1)!.lessons.at(-1)!

test('a completed learner keeps 100 % when a lesson is added; the new lesson is optional; the certificate stays', async () => {
  const { user, certificate } = await completedLearner()
  const newLesson = added()

  // The progress every page reads: completion kept, the added lesson optional.
  const progress = await courseProgress(user.id, full())
  expect(progress).toMatchObject({ percent: 100, kept: true, optional: [newLesson.id] })
  expect(progress.completed).not.toContain(newLesson.id)

  const cookie = await loginCookie(user.id)
  const call = async (loader: (args: never) => unknown, path: string, params: Record<string, string>) => {
    const result = await settle(
      () => loader({ request: getRequest(path, cookie), params, context: context() } as never) as Promise<unknown>,
    )
    expect(result.status, path).toBe(200)
    return result.data as Record<string, unknown>
  }

  // Dashboard: 100 %, Completed, the certificate as the main action, and one new optional lesson.
  const dashboard = await call(dashboardLoader, '/en/dashboard', { lang: 'en' })
  expect((dashboard.courses as Array<Record<string, unknown>>).find((c) => c.id === COURSE)).toMatchObject({
    percent: 100,
    completed: true,
    next: null,
    newLessons: 1,
    certificate: { id: certificate.id, serial: certificate.serial },
  })

  // Course page: the added lesson is marked new and optional, the others are not.
  const coursePage = await call(courseLoader, `/es/courses/${COURSE}`, { lang: 'es', course: COURSE })
  const lessons = (
    coursePage.course as { modules: Array<{ lessons: Array<{ slug: string; optional: boolean }> }> }
  ).modules.flatMap((m) => m.lessons)
  expect(lessons.filter((l) => l.optional).map((l) => l.slug)).toEqual([newLesson.slug])

  // The added lesson's page says it is optional, and the course stays at 100 %.
  const [moduleSlug, lessonSlug] = newLesson.id.split('/') as [string, string]
  const lessonPage = await call(lessonLoader, `/en/courses/${COURSE}/${newLesson.id}`, {
    lang: 'en',
    course: COURSE,
    module: moduleSlug,
    lesson: lessonSlug,
  })
  expect(lessonPage).toMatchObject({ percent: 100, addedAfterCompletion: true, courseComplete: false })

  // The trainer's and the administrator's views say 100 % too.
  const overview = await courseOverview(full(), 1)
  expect(overview.learners.find((l) => l.userId === user.id)).toMatchObject({ status: 'completed', percent: 100 })
  const admin = await createUser({ role: 'admin' })
  const adminCookie = await loginCookie(admin.id)
  const teach = await settle(() =>
    teachLoader({
      request: getRequest(`/en/teach/${COURSE}`, adminCookie),
      params: { lang: 'en', course: COURSE },
      context: context(),
    } as never),
  )
  expect(
    (teach.data as { learners: Array<{ userId: string; percent: number }> }).learners.find((l) => l.userId === user.id),
  ).toMatchObject({ percent: 100 })
  const person = await settle(() =>
    personLoader({
      request: getRequest(`/en/admin/people/${user.id}`, adminCookie),
      params: { lang: 'en', userId: user.id },
      context: context(),
    } as never),
  )
  expect(
    (person.data as { enrolments: Array<{ courseId: string; percent: number }> }).enrolments.find(
      (e) => e.courseId === COURSE,
    ),
  ).toMatchObject({ percent: 100 })

  // Reading the new lesson changes nothing about the completion or the certificate.
  const jobsBefore = (await queuedJobs()).length
  const after = await markLessonComplete(user.id, full(), newLesson.id)
  expect(after).toMatchObject({ completedNow: false, percent: 100, optional: [] })
  await runDueJobs()
  expect(await queuedJobs()).toHaveLength(jobsBefore)
  const certificates = await prisma.certificate.findMany({
    where: { userId: user.id, courseId: COURSE },
    select: { id: true, serial: true, issuedAt: true, revokedAt: true, pdfEnSha256: true },
  })
  expect(certificates).toEqual([certificate])
})

test('a learner still in progress is counted against every lesson, the added ones included', async () => {
  const user = await enrolledLearner()
  const old = before()
  const [first] = old.modules[0]!.lessons
  await markLessonComplete(user.id, full(), first!.id)
  const progress = await courseProgress(user.id, full())
  const total = full().modules.reduce((n, m) => n + m.lessons.length, 0)
  expect(progress).toMatchObject({ kept: false, optional: [], percent: Math.round(100 / total) })
})
