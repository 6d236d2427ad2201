// Data exercises (ADR 032) through the lesson's loader and action, as quizzes are tested
// (quiz.test.ts): two steps answered with a decimal comma, one wrong, graded with partial credit,
// stored, the lesson completed and the course's progress moved; the worked solution only when the
// feedback policy allows; bad answers a 4xx with nothing recorded; the trainer's course page shows
// per step how many learners got it right and the wrong answers they wrote.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { type QuizState } from '#app/quizzes/quiz.tsx'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as courseLoader } from '#app/routes/$lang.teach.$course._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { assignCourses, context, createUser, getRequest, loginCookie, postRequest, settle } from '#tests/utils.ts'

const COURSE = 'victimization-surveys'
const EXERCISE = 'prevalence-exercise'
const course = () => getManifest().courses.find((c) => c.id === COURSE)!
const holder = () => {
  for (const m of course().modules)
    for (const l of m.lessons)
      if (l.locales.en.quizIds.includes(EXERCISE)) return { module: m.slug, lesson: l.slug, id: l.id }
  throw new Error(`no lesson embeds ${EXERCISE}`)
}
const params = (lang: Lang) => ({ lang, course: COURSE, module: holder().module, lesson: holder().lesson })
const url = (lang: Lang, search = '') => `/${lang}/courses/${COURSE}/${holder().module}/${holder().lesson}${search}`

const submit = (lang: Lang, cookie: string, fields: Record<string, string | string[]>) =>
  settle(() =>
    lessonAction({
      request: postRequest(
        url(lang),
        { intent: 'submit-quiz', quizId: EXERCISE, submissionId: randomUUID(), ...fields },
        cookie,
      ),
      params: params(lang),
      context: context(),
    }),
  )

const lesson = (lang: Lang, cookie: string, search = '') =>
  settle(() =>
    lessonLoader({ request: getRequest(url(lang, search), cookie), params: params(lang), context: context() }),
  )

async function enrolledLearner(lang: Lang, country: string) {
  const user = await createUser({ country, preferredLocale: lang })
  const cookie = await loginCookie(user.id)
  await prisma.course.upsert({
    where: { id: COURSE },
    create: { id: COURSE, status: 'published' },
    update: {},
    select: { id: true },
  })
  const enrol = await settle(() =>
    lessonAction({
      request: postRequest(url(lang), { intent: 'enrol' }, cookie),
      params: params(lang),
      context: context(),
    }),
  )
  expect(enrol.status).toBe(302)
  return { user, cookie }
}

type LessonData = { quizzes: Record<string, QuizState>; percent: number | null; completed: boolean }

test('two steps with a decimal comma, one wrong: half the credit, passed, the lesson done, progress moved, the solution shown', async () => {
  const { user, cookie } = await enrolledLearner('es', 'CO')
  const before = (await lesson('es', cookie)).data as LessonData
  expect(before.percent).toBe(0)
  const state = before.quizzes[EXERCISE]!
  expect(state.kind).toBe('exercise')
  // The table in Spanish, numbers in Colombia's convention.
  expect(state.data!.caption).toMatch(/encuesta de victimización/)
  expect(state.data!.rows[0]!.map((c) => c.text)).toEqual(['Mujeres', '2.600', '286', '403'])
  expect(state.questions.map((q) => q.type)).toEqual(['numeric', 'numeric'])

  // The prevalence right with a decimal comma; the incidence per 1,000 instead of per 100,000.
  const result = await submit('es', cookie, { 'answers.prevalence': '11,96', 'answers.incidence': '174,2' })
  expect(result.status).toBe(302)
  const attempt = await prisma.quizAttempt.findFirstOrThrow({
    where: { userId: user.id, quizId: EXERCISE },
    select: { id: true, score: true, passed: true, results: true, answers: true, locale: true },
  })
  expect(attempt).toMatchObject({ score: 50, passed: true, locale: 'es' })
  expect(attempt.answers).toEqual({ prevalence: '11,96', incidence: '174,2' })
  expect(attempt.results).toEqual([
    { id: 'prevalence', correct: true, score: 1, answered: true, readAs: '11.96' },
    { id: 'incidence', correct: false, score: 0, answered: true, readAs: '174.2' },
  ])
  expect(result.headers.get('Location')).toBe(`${url('es')}?attempt=${attempt.id}#quiz-${EXERCISE}`)

  const after = (await lesson('es', cookie, `?attempt=${attempt.id}`)).data as LessonData
  expect(after.completed).toBe(true)
  expect(after.percent).toBeGreaterThan(0)
  const reviewed = after.quizzes[EXERCISE]!.result!
  expect(reviewed).toMatchObject({ score: 50, passed: true, answersShown: true })
  expect(reviewed.questions.map((q) => [q.correct, q.given, q.readAs])).toEqual([
    [true, '11,96', '11.96'],
    [false, '174,2', '174.2'],
  ])
  // Passed: the worked solution, in Spanish, with the arithmetic in the reader's convention (ADR 030).
  expect(reviewed.solution).toMatch(/871 \/ 5\.000 × 100\.000 = 17\.420/)
  expect(reviewed.solution).not.toContain('<Num')
})

test('a failed attempt with attempts left: no solution, no correct answer, no explanation in the loader data', async () => {
  const { cookie } = await enrolledLearner('en', 'GB')
  expect((await submit('en', cookie, { 'answers.prevalence': '598', 'answers.incidence': '871' })).status).toBe(302)
  const attempt = await prisma.quizAttempt.findFirstOrThrow({
    where: { quizId: EXERCISE, answers: { equals: { prevalence: '598', incidence: '871' } } },
    select: { id: true, score: true, passed: true },
  })
  expect(attempt).toMatchObject({ score: 0, passed: false })
  const data = (await lesson('en', cookie, `?attempt=${attempt.id}`)).data as LessonData
  const result = data.quizzes[EXERCISE]!.result!
  expect(result).toMatchObject({ answersShown: false, passed: false })
  expect(result).not.toHaveProperty('solution')
  // The English table: numbers with a comma for thousands.
  expect(data.quizzes[EXERCISE]!.data!.rows[1]!.map((c) => c.text)).toEqual(['Men', '2,400', '312', '468'])
  const json = JSON.stringify(data)
  const exercise = course().quizzes[EXERCISE]!
  expect(json).not.toContain(exercise.solution!.en.slice(0, 40))
  for (const q of exercise.questions) expect(json).not.toContain(q.explanation.en)
  expect(json).not.toContain('"correctAnswer"')
})

test('bad answers to an exercise get a 4xx and record nothing', async () => {
  const { user, cookie } = await enrolledLearner('es', 'MX')
  const good = { 'answers.prevalence': '11,96', 'answers.incidence': '17420' }
  const cases: Array<[string, Record<string, string | string[]>]> = [
    ['no answers', {}],
    ['a step missing', { 'answers.prevalence': '11,96' }],
    ['an unknown step', { ...good, 'answers.concentration': '1,46' }],
    ['NUL byte', { ...good, 'answers.prevalence': '11\u000096' }],
    ['201 characters', { ...good, 'answers.incidence': '1'.repeat(201) }],
    ['100,000 characters', { ...good, 'answers.incidence': '9'.repeat(100_000) }],
    ['two values for one step', { ...good, 'answers.prevalence': ['11', '96'] }],
    ['blank', { ...good, 'answers.incidence': '   ' }],
  ]
  for (const [label, fields] of cases) expect((await submit('es', cookie, fields)).status, label).toBe(400)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(0)
  // Not a number at all is a wrong answer, not a bad form: graded 0 and recorded, like a quiz.
  expect((await submit('es', cookie, { ...good, 'answers.incidence': 'diecisiete mil' })).status).toBe(302)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(1)
})

test("the trainer's course page shows, per step, the learners, how many got it right, and the wrong answers written", async () => {
  for (const [country, incidence] of [
    ['CO', '174,2'],
    ['AR', '174,2'],
    ['ES', '17420'],
  ] as const) {
    const { cookie } = await enrolledLearner('es', country)
    expect((await submit('es', cookie, { 'answers.prevalence': '11,96', 'answers.incidence': incidence })).status).toBe(
      302,
    )
  }
  const trainer = await createUser({ role: 'trainer' })
  await assignCourses(trainer.id, [COURSE])
  const page = await settle(() =>
    courseLoader({
      request: getRequest(`/es/teach/${COURSE}`, undefined),
      params: { lang: 'es', course: COURSE },
      context: context(),
    }),
  )
  expect(page.status).not.toBe(200) // signed out: the guard, not the figures
  const cookie = await loginCookie(trainer.id)
  const data = (
    await settle(() =>
      courseLoader({
        request: getRequest(`/es/teach/${COURSE}`, cookie),
        params: { lang: 'es', course: COURSE },
        context: context(),
      }),
    )
  ).data as {
    exercises: Array<{
      id: string
      title: string
      steps: Array<{ id: string; prompt: string; learners: number; right: number; wrong: unknown[] }>
    }>
  }
  const exercise = data.exercises.find((e) => e.id === EXERCISE)!
  expect(exercise.title).toBe(
    course()
      .modules.flatMap((m) => m.lessons)
      .find((l) => l.id === holder().id)!.locales.es.title,
  )
  // Every learner of this file counts, by their first attempt: the three above, and the three
  // earlier tests' (11,96 and 174,2; 598 and 871; 11,96 and "diecisiete mil").
  expect(exercise.steps).toEqual([
    {
      id: 'prevalence',
      prompt: expect.stringMatching(/prevalencia/),
      learners: 6,
      right: 5,
      wrong: [{ answer: '598', count: 1 }],
    },
    {
      id: 'incidence',
      prompt: expect.stringMatching(/incidencia/),
      learners: 6,
      right: 1,
      // Per 1,000 instead of per 100,000, most often: what the trainer wants to see first.
      wrong: [
        { answer: '174,2', count: 3 },
        { answer: '871', count: 1 },
        { answer: 'diecisiete mil', count: 1 },
      ],
    },
  ])
  // The course's other exercise is listed too, with no learners yet.
  expect(data.exercises.find((e) => e.id === 'dark-figure-exercise')!.steps.every((s) => s.learners === 0)).toBe(true)
})
