// The trainer's pages: only the courses they teach; drop-off and progress; item analysis equal to
// an independent computation (facility, 27 % discrimination, option counts, language flag).
import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { lessonIds } from '#app/progress/progress.server.ts'
import { loader as courseLoader } from '#app/routes/$lang.teach.$course._index.tsx'
import { loader as itemsLoader } from '#app/routes/$lang.teach.$course.quiz.$quiz.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang, LANGS } from '#app/utils/i18n.ts'
import { assignCourses, createUser, loginCookie, queryCounter, visit } from '#tests/utils.ts'

const COURSE = 'iccs'
const QUIZ = 'foundations-quiz'
const iccs = () => getManifest().courses.find((c) => c.id === COURSE)!
const quiz = () => iccs().quizzes[QUIZ]!

const coursePage = (cookie: string, course: string, search = '') =>
  visit(courseLoader, { lang: 'en', course }, `/en/teach/${course}${search}`, cookie)
const itemsPage = (cookie: string, course: string, quizId: string, lang: Lang = 'en') =>
  visit(itemsLoader, { lang, course, quiz: quizId }, `/${lang}/teach/${course}/quiz/${quizId}`, cookie)

let trainerCookie: Promise<string> | undefined
function courseTrainer() {
  // Assigned to every course, as course.yaml's lists (trainer@aula.example) and the console make them.
  trainerCookie ??= createUser({ email: 'trainer@aula.example', role: 'trainer' }).then(async (u) => {
    await assignCourses(
      u.id,
      getManifest().courses.map((c) => c.id),
    )
    return loginCookie(u.id)
  })
  return trainerCookie
}

async function ensureCourse() {
  await prisma.course.upsert({
    where: { id: COURSE },
    create: { id: COURSE, status: 'published' },
    update: {},
    select: { id: true },
  })
}

test("a trainer sees only the courses they teach: another trainer's course is a 403, unknown ones 404, never data", async () => {
  const other = await createUser({ role: 'trainer' })
  const otherCookie = await loginCookie(other.id)
  const learner = await createUser()
  const learnerCookie = await loginCookie(learner.id)
  const cookie = await courseTrainer()
  await ensureCourse()
  expect((await coursePage(cookie, COURSE)).status).toBe(200)
  expect((await itemsPage(cookie, COURSE, QUIZ)).status).toBe(200)
  const forbidden = await coursePage(otherCookie, COURSE)
  expect(forbidden.status).toBe(403)
  expect(JSON.stringify(forbidden.data)).not.toContain('dropOff')
  expect((await itemsPage(otherCookie, COURSE, QUIZ)).status).toBe(403)
  expect((await coursePage(learnerCookie, COURSE)).status).toBe(403)
  expect((await coursePage('', COURSE)).status).toBe(302)
  for (const course of ['no-such-course', 'ICCS', "iccs' OR 1=1", '..', 'x'.repeat(200)]) {
    expect((await coursePage(cookie, course)).status, course).toBe(404)
  }
  // A quiz of another course, an unknown quiz, and names of Object's own properties: 404.
  for (const q of ['definition-quiz', 'no-such-quiz', 'constructor', '__proto__', 'toString']) {
    expect((await itemsPage(cookie, COURSE, q)).status, q).toBe(404)
  }
  for (const search of ['?page=-1', '?page=0', '?page=abc', '?page=99999999']) {
    expect((await coursePage(cookie, COURSE, search)).status, search).toBe(400)
  }
  expect((await coursePage(cookie, COURSE, '?page=500')).status).toBe(200)
  // An administrator teaches every course.
  const admin = await createUser({ role: 'admin' })
  expect((await coursePage(await loginCookie(admin.id), COURSE)).status).toBe(200)
})

test('drop-off by lesson and learner progress count completed lessons per lesson', async () => {
  const cookie = await courseTrainer()
  await ensureCourse()
  const ids = lessonIds(iccs())
  const before = (await coursePage(cookie, COURSE)).data as {
    enrolled: number
    dropOff: Array<{ lessonId: string; completed: number }>
  }
  const learners = await Promise.all([createUser(), createUser(), createUser()])
  for (const [i, l] of learners.entries()) {
    await prisma.enrolment.create({
      data: { userId: l.id, courseId: COURSE, source: 'free', status: i === 2 ? 'cancelled' : 'active' },
      select: { id: true },
    })
    // Learner 0 completes two lessons, learner 1 one, learner 2 (cancelled) one; a viewed-only row counts for none.
    const done = i === 0 ? ids.slice(0, 2) : ids.slice(0, 1)
    for (const lessonId of done)
      await prisma.lessonProgress.create({
        data: { userId: l.id, courseId: COURSE, lessonId, completedAt: new Date() },
        select: { id: true },
      })
    await prisma.lessonProgress.create({
      data: { userId: l.id, courseId: COURSE, lessonId: ids[3]!, completedAt: null },
      select: { id: true },
    })
  }
  const after = (await coursePage(cookie, COURSE)).data as {
    enrolled: number
    byStatus: { cancelled: number }
    dropOff: Array<{ lessonId: string; completed: number }>
    learners: Array<{ userId: string; percent: number; completedLessons: number }>
  }
  expect(after.enrolled - before.enrolled).toBe(2)
  const delta = after.dropOff.map((d, i) => d.completed - before.dropOff[i]!.completed)
  expect(delta.slice(0, 4)).toEqual([3, 1, 0, 0])
  expect(after.dropOff.map((d) => d.lessonId)).toEqual(ids)
  const first = after.learners.find((l) => l.userId === learners[0]!.id)!
  expect(first.completedLessons).toBe(2)
  expect(first.percent).toBe(Math.round((2 / ids.length) * 100))
})

test('item analysis equals an independent computation: facility, discrimination, options, language flag', async () => {
  const cookie = await courseTrainer()
  await ensureCourse()
  const q = quiz()
  const single = q.questions.filter((x) => x.type === 'single') as Array<
    Extract<(typeof q.questions)[number], { type: 'single' }>
  >
  expect(single.length).toBeGreaterThanOrEqual(2)
  const [gapQuestion, plainQuestion] = single as [(typeof single)[number], (typeof single)[number]]
  const wrongOf = (question: (typeof single)[number]) => question.options.find((o) => o.id !== question.answer)!.id
  // 40 attempts per language. gapQuestion: right in 36/40 English attempts, 12/40 Spanish.
  // plainQuestion: right when the attempt's index is even. Other questions: right for i < 20.
  // One learner per attempt: item analysis counts learners (each one's first or best attempt).
  const users = await Promise.all(Array.from({ length: 80 }, () => createUser()))
  type Made = {
    id: string
    locale: Lang
    correct: Record<string, boolean>
    answers: Record<string, unknown>
    score: number
  }
  const made: Made[] = []
  for (const locale of LANGS) {
    for (let i = 0; i < 40; i++) {
      const correct: Record<string, boolean> = {}
      const answers: Record<string, unknown> = {}
      for (const question of q.questions) {
        let right = i < 20
        if (question.id === gapQuestion.id) right = locale === 'en' ? i < 36 : i < 12
        if (question.id === plainQuestion.id) right = i % 2 === 0
        correct[question.id] = right
        if (question.type === 'single') answers[question.id] = right ? question.answer : wrongOf(question)
        else answers[question.id] = 'x'
      }
      const score = Math.round((Object.values(correct).filter(Boolean).length / q.questions.length) * 1000) / 10
      const id = `ia-${locale}-${String(i).padStart(3, '0')}`
      made.push({ id, locale, correct, answers, score })
    }
  }
  for (const [n, m] of made.entries()) {
    await prisma.quizAttempt.create({
      data: {
        id: m.id,
        userId: users[n % users.length]!.id,
        courseId: COURSE,
        quizId: QUIZ,
        quizVersion: 'v',
        locale: m.locale,
        answers: m.answers as object,
        results: q.questions.map((question) => ({
          id: question.id,
          correct: m.correct[question.id],
          score: m.correct[question.id] ? 1 : 0,
          answered: true,
        })),
        score: m.score,
        passed: m.score >= q.passingScore,
      },
      select: { id: true },
    })
  }

  // Independent computation, in plain code.
  const analyse = (attempts: Made[], questionId: string) => {
    const sorted = [...attempts].sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1))
    const k = Math.ceil(attempts.length * 0.27)
    const share = (list: Made[]) => list.filter((a) => a.correct[questionId]).length / list.length
    return { facility: share(attempts), discrimination: share(sorted.slice(-k)) - share(sorted.slice(0, k)) }
  }
  const result = await itemsPage(cookie, COURSE, QUIZ, 'es')
  expect(result.status).toBe(200)
  type Stats = { attempts: number; facility: number; discrimination: number; options: Record<string, number> }
  const data = result.data as {
    attempts: { all: number; en: number; es: number }
    questions: Array<{
      id: string
      prompt: string
      overall: Stats
      byLocale: { en: Stats; es: Stats }
      languageGap: number | null
    }>
  }
  expect(data.attempts).toEqual({ all: 80, en: 40, es: 40 })
  for (const question of q.questions) {
    const got = data.questions.find((x) => x.id === question.id)!
    const overall = analyse(made, question.id)
    expect(got.overall.attempts, question.id).toBe(80)
    expect(got.overall.facility, question.id).toBeCloseTo(overall.facility, 10)
    expect(got.overall.discrimination, question.id).toBeCloseTo(overall.discrimination, 10)
    for (const locale of LANGS) {
      const mine = analyse(
        made.filter((a) => a.locale === locale),
        question.id,
      )
      expect(got.byLocale[locale].facility, `${question.id} ${locale}`).toBeCloseTo(mine.facility, 10)
      expect(got.byLocale[locale].discrimination, `${question.id} ${locale}`).toBeCloseTo(mine.discrimination, 10)
    }
  }
  const gap = data.questions.find((x) => x.id === gapQuestion.id)!
  expect(gap.prompt).toBe(gapQuestion.prompt.es)
  expect(gap.languageGap).toBeCloseTo(12 / 40 - 36 / 40, 10)
  expect(gap.overall.options[gapQuestion.answer]).toBe(48)
  expect(gap.overall.options[wrongOf(gapQuestion)]).toBe(32)
  expect(gap.byLocale.es.options[wrongOf(gapQuestion)]).toBe(28)
  // Unused options are listed with 0.
  const unused = gapQuestion.options.find((o) => o.id !== gapQuestion.answer && o.id !== wrongOf(gapQuestion))
  if (unused) expect(gap.overall.options[unused.id]).toBe(0)
  expect(data.questions.filter((x) => x.languageGap !== null).map((x) => x.id)).toEqual([gapQuestion.id])
})

test('the trainer pages run the same number of queries for few and many attempts and learners', async () => {
  const cookie = await courseTrainer()
  await ensureCourse()
  const measure = queryCounter()
  const c1 = await measure(() => coursePage(cookie, COURSE))
  const i1 = await measure(() => itemsPage(cookie, COURSE, 'structure-quiz'))
  const users = await Promise.all(Array.from({ length: 5 }, () => createUser()))
  for (const u of users) {
    await prisma.enrolment.create({ data: { userId: u.id, courseId: COURSE, source: 'free' }, select: { id: true } })
    await prisma.quizAttempt.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        userId: u.id,
        courseId: COURSE,
        quizId: 'structure-quiz',
        quizVersion: 'v',
        locale: i % 2 ? ('en' as const) : ('es' as const),
        answers: {},
        results: [],
        score: i * 5,
        passed: i > 14,
      })),
    })
  }
  expect(await measure(() => coursePage(cookie, COURSE))).toBe(c1)
  expect(await measure(() => itemsPage(cookie, COURSE, 'structure-quiz'))).toBe(i1)
})

test('item analysis reads results stored in another order or keyed by question id', async () => {
  const cookie = await courseTrainer()
  await ensureCourse()
  const q = iccs().quizzes['applying-quiz']!
  const [first, second] = q.questions as [(typeof q.questions)[number], (typeof q.questions)[number]]
  const base = {
    courseId: COURSE,
    quizId: 'applying-quiz',
    quizVersion: 'old',
    answers: {},
    passed: false,
  }
  // An attempt by a learner of its own, with these results in the shape stored.
  const attempt = async (locale: Lang, score: number, results: Prisma.InputJsonValue) =>
    prisma.quizAttempt.create({
      data: { ...base, userId: (await createUser()).id, locale, score, results },
      select: { id: true },
    })
  // Right on the first question only: as an array in reverse order, and as an object by id.
  await attempt(
    'en',
    50,
    [...q.questions].reverse().map((x) => ({ id: x.id, correct: x.id === first.id, score: 0 })),
  )
  await attempt('es', 50, Object.fromEntries(q.questions.map((x) => [x.id, { correct: x.id === first.id, score: 0 }])))
  // An older version of the quiz without the second question: it is counted as absent, not wrong.
  await attempt(
    'es',
    0,
    q.questions.filter((x) => x.id !== second.id).map((x) => ({ id: x.id, correct: false, score: 0 })),
  )
  const data = (await itemsPage(cookie, COURSE, 'applying-quiz')).data as {
    attempts: { all: number }
    questions: Array<{ id: string; overall: { attempts: number; correct: number } }>
  }
  expect(data.attempts.all).toBe(3)
  expect(data.questions.find((x) => x.id === first.id)!.overall).toMatchObject({ attempts: 3, correct: 2 })
  expect(data.questions.find((x) => x.id === second.id)!.overall).toMatchObject({ attempts: 2, correct: 0 })
})

test('item analysis counts learners by their first or best attempt, greys small n, and lists numeric wrong answers', async () => {
  const cookie = await courseTrainer()
  const course = 'homicide-sdg16'
  const quizId = 'indicator-quiz'
  await prisma.course.upsert({ where: { id: course }, create: { id: course, status: 'published' }, update: {} })
  const q = getManifest().courses.find((c) => c.id === course)!.quizzes[quizId]!
  const numeric = 'national-rate'
  const attempt = async (userId: string, answer: string, right: boolean, at: string) =>
    prisma.quizAttempt.create({
      data: {
        userId,
        courseId: course,
        quizId,
        quizVersion: 'v',
        locale: 'es',
        answers: { [numeric]: answer },
        results: q.questions.map((x) => ({ id: x.id, correct: right, score: right ? 1 : 0 })),
        score: right ? 100 : 0,
        passed: right,
        createdAt: new Date(at),
      },
      select: { id: true },
    })
  const [ana, ben, carla] = await Promise.all([createUser(), createUser(), createUser()])
  // Ana: wrong first ("88,0"), then right. Ben: "88,0". Carla: "12,5".
  await attempt(ana.id, '88,0', false, '2026-03-01T10:00:00Z')
  await attempt(ana.id, '12,0', true, '2026-03-02T10:00:00Z')
  await attempt(ben.id, ' 88,0 ', false, '2026-03-01T11:00:00Z')
  await attempt(carla.id, '12,5', false, '2026-03-01T12:00:00Z')
  type Data = {
    view: string
    attempts: { all: number }
    rule: { minLearners: number }
    questions: Array<{
      id: string
      overall: { attempts: number; facility: number; reliable: boolean }
      wrongAnswers: Array<{ answer: string; count: number }>
    }>
  }
  const load = async (search: string) => {
    const result = await visit(
      itemsLoader,
      { lang: 'es', course, quiz: quizId },
      `/es/teach/${course}/quiz/${quizId}${search}`,
      cookie,
    )
    return result
  }
  const first = (await load('')).data as Data
  expect(first.view).toBe('first')
  // Three learners, not four attempts.
  expect(first.attempts.all).toBe(3)
  const firstQ = first.questions.find((x) => x.id === numeric)!
  expect(firstQ.overall).toMatchObject({ attempts: 3, facility: 0, reliable: false })
  expect(first.rule.minLearners).toBeGreaterThan(3)
  expect(firstQ.wrongAnswers).toEqual([
    { answer: '88,0', count: 2 },
    { answer: '12,5', count: 1 },
  ])
  const best = (await load('?view=best')).data as Data
  expect(best.attempts.all).toBe(3)
  const bestQ = best.questions.find((x) => x.id === numeric)!
  expect(bestQ.overall.attempts).toBe(3)
  expect(bestQ.overall.facility).toBeCloseTo(1 / 3, 10)
  expect(bestQ.wrongAnswers).toEqual([
    { answer: '12,5', count: 1 },
    { answer: '88,0', count: 1 },
  ])
  // Only numeric questions list typed answers.
  for (const x of best.questions)
    if (q.questions.find((y) => y.id === x.id)!.type !== 'numeric') expect(x.wrongAnswers).toEqual([])
  expect((await load('?view=everything')).status).toBe(400)
})
