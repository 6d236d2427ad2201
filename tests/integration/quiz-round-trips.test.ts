// A quiz submission's round trips to the database (issue #13), over real HTTP: the session's user
// and the enrolment in one statement, then the attempt in one short transaction (the lock that
// holds the attempt limit, the insert with its checks). Every statement counted, Prisma's and the
// hand-written ones (sqlEvents), BEGIN and COMMIT included.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { getCourse } from '#app/content/catalog.server.ts'
import { lessonIds } from '#app/progress/progress.server.ts'
import { type QuizAnswers } from '#app/quizzes/grade.ts'
import { quizFormFields } from '#app/quizzes/submission.ts'
import { prisma } from '#app/utils/db.server.ts'
import { serveAppForFile } from '#tests/http.ts'
import { createUser, loginCookie, queryCounter, queuedJobs } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true })
const count = queryCounter()

const course = () => getCourse('iccs')!
const lessonOf = (quizId: string) => {
  for (const m of course().modules)
    for (const l of m.lessons) if (l.locales.en.quizIds.includes(quizId)) return `/en/courses/iccs/${l.id}`
  throw new Error(`no lesson holds ${quizId}`)
}

/** Every question answered with its key (right) or not (a single choice's other option, a wrong number). */
function answers(quizId: string, right: boolean): QuizAnswers {
  const quiz = course().quizzes[quizId]!
  const out: QuizAnswers = {}
  for (const q of quiz.questions) {
    if (q.type === 'single') out[q.id] = right ? q.answer : q.options.find((o) => o.id !== q.answer)!.id
    else if (q.type === 'multiple') out[q.id] = right ? q.answer : [q.options.find((o) => !q.answer.includes(o.id))!.id]
    else if (q.type === 'truefalse') out[q.id] = String(right ? q.answer : !q.answer)
    else if (q.type === 'numeric') out[q.id] = String(right ? q.answer : q.answer * 3 + 1000)
    else if (q.type === 'text') out[q.id] = right ? q.accept.en[0]! : 'zzz'
    else if (q.type === 'match')
      out[q.id] = Object.fromEntries(
        q.items.map((i) => [i.id, right ? i.answer : q.categories.find((c) => c.id !== i.answer)!.id]),
      )
    else out[q.id] = right ? q.answer : [...q.answer.slice(1), q.answer[0]!]
  }
  return out
}

async function enrolledLearner() {
  const user = await createUser()
  await prisma.enrolment.create({ data: { userId: user.id, courseId: 'iccs', source: 'free' }, select: { id: true } })
  return { user, cookie: await loginCookie(user.id) }
}

function post(cookie: string, quizId: string, right: boolean, submissionId = randomUUID()) {
  const quiz = course().quizzes[quizId]!
  const body = new URLSearchParams([
    ['intent', 'submit-quiz'],
    ['quizId', quizId],
    ['submissionId', submissionId],
    ...quizFormFields(quiz, answers(quizId, right)),
  ])
  return fetch(`${app.origin}${lessonOf(quizId)}`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: app.origin, Cookie: cookie },
  })
}

/** The statements of one submission, and its status. */
const statementsOf = (run: () => Promise<Response>, status: number) => count(run, status)
// A refused submission shows the lesson page again with the message: the page's own one statement.
const PAGE = 1

test('a submission to a quiz with an attempt limit: the read, then BEGIN, the lock, the insert with its checks, COMMIT: five', async () => {
  const { user, cookie } = await enrolledLearner()
  // The first submission of a quiz version in this process also stores that version (once).
  expect((await post(cookie, 'structure-quiz', false)).status).toBe(302)
  // Failed: no lesson completed.
  expect(await statementsOf(() => post(cookie, 'structure-quiz', false), 302)).toBe(5)
  // Passed: the lesson completed and the course's progress read by the same insert.
  expect(await statementsOf(() => post(cookie, 'structure-quiz', true), 302)).toBe(5)
  // The limit reached: refused by the same statement, nothing stored.
  expect(await statementsOf(() => post(cookie, 'structure-quiz', true), 409)).toBe(5 + PAGE)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(3)
  expect(await prisma.lessonProgress.count({ where: { userId: user.id, completedAt: { not: null } } })).toBe(1)
})

test('a replayed form and a quiz without a limit', async () => {
  const { user, cookie } = await enrolledLearner()
  const id = randomUUID()
  expect((await post(cookie, 'sections-exercise', false, id)).status).toBe(302)
  // The same form again: found by the insert's conflict, nothing stored.
  expect(await statementsOf(() => post(cookie, 'sections-exercise', false, id), 409)).toBe(2 + PAGE)
  // No limit and nothing completed: no lock to take, so the insert is a statement of its own.
  expect(await statementsOf(() => post(cookie, 'sections-exercise', false), 302)).toBe(2)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(2)
})

test('not enrolled: refused after the one read', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  expect(await statementsOf(() => post(cookie, 'structure-quiz', true), 403)).toBe(1 + PAGE)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(0)
})

test('the pass that completes the course: recorded as completed with its certificate job, in one transaction', async () => {
  const { user, cookie } = await enrolledLearner()
  // Everything done but the lesson of the quiz, and every other quiz the certificate needs passed.
  const quizLesson = lessonOf('foundations-quiz').replace('/en/courses/iccs/', '')
  await prisma.lessonProgress.createMany({
    data: lessonIds(course())
      .filter((id) => id !== quizLesson)
      .map((lessonId) => ({ userId: user.id, courseId: 'iccs', lessonId, completedAt: new Date() })),
  })
  for (const quizId of course().certificate.quizzes.filter((id) => id !== 'foundations-quiz'))
    await prisma.quizAttempt.create({
      data: {
        userId: user.id,
        courseId: 'iccs',
        quizId,
        quizVersion: 'test',
        locale: 'en',
        answers: {},
        results: {},
        score: 100,
        passed: true,
      },
      select: { id: true },
    })
  // A failed attempt first: nothing completes.
  expect((await post(cookie, 'foundations-quiz', false)).status).toBe(302)
  expect(
    (await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id }, select: { status: true } })).status,
  ).toBe('active')
  expect((await post(cookie, 'foundations-quiz', true)).status).toBe(302)
  expect(
    await prisma.enrolment.findFirstOrThrow({
      where: { userId: user.id },
      select: { status: true, completedAt: true },
    }),
  ).toMatchObject({ status: 'completed', completedAt: expect.any(Date) })
  expect(await prisma.quizAttempt.count({ where: { userId: user.id, quizId: 'foundations-quiz' } })).toBe(2)
  expect(
    await prisma.lessonProgress.count({ where: { userId: user.id, lessonId: quizLesson, completedAt: { not: null } } }),
  ).toBe(1)
  expect((await queuedJobs('certificate:issue')).filter((job) => job.payload.userId === user.id)).toHaveLength(1)
})
