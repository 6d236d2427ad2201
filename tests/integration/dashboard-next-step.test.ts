// The dashboard's main action for each course: the next thing to do, not the last lesson opened;
// for a completed course, its certificate (issue 15, item 7).
import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { courseProgress, nextStep } from '#app/progress/progress.server.ts'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { context, createUser, getRequest, loginCookie, settle } from '#tests/utils.ts'

const course = () => getManifest().courses.find((c) => c.id === 'iccs')!
const ids = () => course().modules.flatMap((m) => m.lessons.map((l) => l.id))

async function learnerIn(
  courseId: string,
  status: 'active' | 'completed',
  lastLessonId: string | null,
  done: string[],
) {
  const user = await createUser()
  await prisma.course.upsert({
    where: { id: courseId },
    create: { id: courseId, status: 'published', priceCents: 0 },
    update: {},
    select: { id: true },
  })
  await prisma.enrolment.create({
    data: { userId: user.id, courseId, source: 'free', status, lastLessonId },
    select: { id: true },
  })
  for (const lessonId of done)
    await prisma.lessonProgress.create({
      data: { userId: user.id, courseId, lessonId, completedAt: new Date() },
      select: { id: true },
    })
  return user
}

test('next step: the lesson opened if not done, else the next one not done after it, then from the start', async () => {
  const [first, second, third] = ids()
  const step = async (last: string | null, done: string[]) => {
    const user = await learnerIn('iccs', 'active', last, done)
    return nextStep(course(), await courseProgress(user.id, course()), { status: 'active', lastLessonId: last })
  }
  expect(await step(null, [])).toEqual({ kind: 'lesson', lessonId: first, started: false })
  expect(await step(second!, [first!])).toEqual({ kind: 'lesson', lessonId: second, started: true })
  // The lesson last opened is done: not "continue" to it, but the next one.
  expect(await step(first!, [first!])).toEqual({ kind: 'lesson', lessonId: second, started: false })
  expect(await step(third!, [third!])).toEqual({ kind: 'lesson', lessonId: ids()[3], started: false })
  // Everything after the last one opened is done: back to the first gap.
  const all = ids()
  expect(await step(all.at(-1)!, all.slice(1))).toEqual({ kind: 'lesson', lessonId: first, started: false })
  // Every lesson done, a required quiz not passed: the lesson that holds it.
  const quizStep = await step(all.at(-1)!, all)
  expect(quizStep.kind).toBe('quiz')
  if (quizStep.kind === 'quiz') {
    expect(course().certificate.quizzes).toContain(quizStep.quizId)
    const lesson = course()
      .modules.flatMap((m) => m.lessons)
      .find((l) => l.id === quizStep.lessonId)!
    expect(lesson.locales.en.quizIds).toContain(quizStep.quizId)
  }
})

test('the dashboard: the next lesson as the main action; a completed course offers its certificate', async () => {
  const [first, second] = ids()
  const user = await learnerIn('iccs', 'active', first!, [first!])
  await prisma.course.upsert({
    where: { id: 'un-cts' },
    create: { id: 'un-cts', status: 'published', priceCents: 0 },
    update: {},
    select: { id: true },
  })
  await prisma.enrolment.create({
    data: { userId: user.id, courseId: 'un-cts', source: 'free', status: 'completed', completedAt: new Date() },
    select: { id: true },
  })
  const certificate = await prisma.certificate.create({
    data: {
      serial: 'AULA-2026-990001',
      verificationCode: 'next-step-test-code-0001',
      userId: user.id,
      courseId: 'un-cts',
      holderName: 'Test',
      courseTitleEn: 'The UN-CTS',
      courseTitleEs: 'El UN-CTS',
    },
    select: { id: true },
  })
  const result = await settle(() =>
    dashboardLoader({
      request: getRequest('/es/dashboard'),
      params: { lang: 'es' },
      context: context(),
    } as never),
  )
  expect(result.status).toBe(302) // signed out: log in first
  const cookie = await loginCookie(user.id)
  const page = await settle(() =>
    dashboardLoader({
      request: getRequest('/es/dashboard', cookie),
      params: { lang: 'es' },
      context: context(),
    } as never),
  )
  type Course = { id: string; next: { kind: string; href: string } | null; certificate: { id: string } | null }
  const courses = (page.data as { courses: Course[] }).courses
  expect(courses.find((c) => c.id === 'iccs')).toMatchObject({
    next: { kind: 'start', href: `/es/courses/iccs/${second}` },
    certificate: null,
  })
  expect(courses.find((c) => c.id === 'un-cts')).toMatchObject({ next: null, certificate: { id: certificate.id } })
})
