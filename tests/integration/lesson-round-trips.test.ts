// A signed-in, enrolled learner's lesson page costs one round trip to the database (issue #13), over
// real HTTP, with every loader of the page (root, $lang, the lesson): the session's user, the
// enrolment, progress, note, the attempt under review and "Resume"'s write in one statement. And a page
// once written holds nothing more: its render's abort timer is cleared (ADR 027 §13).
import { expect, test, vi } from 'vitest'
import { getCourse } from '#app/content/catalog.server.ts'
import { quizVersion } from '#app/quizzes/quiz.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { serveAppForFile } from '#tests/http.ts'
import { createUser, loginCookie, queryCounter } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true })
const count = queryCounter()

// A lesson with two charts and a data exercise, and a plain one of the same course.
const EXERCISE = '/en/courses/iccs/structure/the-eleven-sections'
const PLAIN = '/en/courses/iccs/why-a-classification/origin-and-status'

async function enrolledLearner() {
  const user = await createUser()
  await prisma.enrolment.create({ data: { userId: user.id, courseId: 'iccs', source: 'free' }, select: { id: true } })
  return { user, cookie: await loginCookie(user.id) }
}

/** The statements one page request sends, with every loader of the page, read to its end. */
const statementsOf = (path: string, cookie?: string) =>
  count(async () => {
    const response = await fetch(`${app.origin}${path}`, { headers: cookie ? { Cookie: cookie } : {} })
    expect(await response.text()).toContain('<article')
    return response
  })

test('an enrolled learner opening a lesson: one statement, which also records it as the one to resume', async () => {
  const { user, cookie } = await enrolledLearner()
  // The first view changes the last lesson (a write), the second does not: one statement each.
  expect(await statementsOf(PLAIN, cookie)).toBe(1)
  expect(
    (await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id }, select: { lastLessonId: true } }))
      .lastLessonId,
  ).toBe('why-a-classification/origin-and-status')
  expect(await statementsOf(PLAIN, cookie)).toBe(1)
  // The lesson with charts and an exercise asks nothing more of the database.
  expect(await statementsOf(EXERCISE, cookie)).toBe(1)
  expect(
    (await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id }, select: { lastLessonId: true } }))
      .lastLessonId,
  ).toBe('structure/the-eleven-sections')
})

test('reviewing one of their attempts (?attempt=) is still one statement; an anonymous reader makes none', async () => {
  const { user, cookie } = await enrolledLearner()
  const quiz = getCourse('iccs')!.quizzes['sections-exercise']!
  const attempt = await prisma.quizAttempt.create({
    data: {
      userId: user.id,
      courseId: 'iccs',
      quizId: quiz.id,
      quizVersion: quizVersion(quiz),
      locale: 'en',
      answers: {},
      results: quiz.questions.map((q) => ({ id: q.id, correct: false, score: 0, answered: false })),
      score: 0,
      passed: false,
    },
    select: { id: true },
  })
  expect(await statementsOf(`${EXERCISE}?attempt=${attempt.id}`, cookie)).toBe(1)
  expect(await statementsOf(EXERCISE)).toBe(0)
})

test("a page written to its end leaves no render timer behind: React's abort timer is cleared, not left to hold the page for seconds", async () => {
  const { streamTimeout } = await app.load<{ streamTimeout: number }>('/app/entry.server.tsx')
  const { cookie } = await enrolledLearner()
  const set = vi.spyOn(globalThis, 'setTimeout')
  const cleared = vi.spyOn(globalThis, 'clearTimeout')
  for (const [path, who] of [
    [EXERCISE, cookie],
    [EXERCISE, undefined],
    [PLAIN, cookie],
  ] as const) {
    const response = await fetch(`${app.origin}${path}`, { headers: who ? { Cookie: who } : {} })
    expect(await response.text()).toContain('</html>')
  }
  // entry.server.tsx's timer that aborts a render still running after streamTimeout + 1 s: one per page.
  const abortTimers = set.mock.calls.flatMap(([, delay], i) =>
    delay === streamTimeout + 1000 ? [set.mock.results[i]!.value as NodeJS.Timeout] : [],
  )
  expect(abortTimers).toHaveLength(3)
  for (const timer of abortTimers) expect(cleared).toHaveBeenCalledWith(timer)
})
