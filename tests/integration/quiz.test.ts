import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { type QuizFile } from '#app/content/schema.ts'
import { type QuizState } from '#app/quizzes/quiz.tsx'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang, LANGS } from '#app/utils/i18n.ts'
import {
  context,
  createUser,
  getRequest,
  inEveryConvention,
  loginCookie,
  postRequest,
  settle,
  shownToTestLearner,
} from '#tests/utils.ts'

const manifest = () => getManifest()
const iccs = () => manifest().courses.find((c) => c.id === 'iccs')!
const QUIZ = 'foundations-quiz'
// The lesson that ends module 1 holds its quiz.
const holder = () => {
  const m = iccs().modules[0]!
  const l = m.lessons.find((x) => x.locales.en.quizIds.includes(QUIZ))!
  return { module: m.slug, lesson: l.slug, id: l.id }
}
const params = (lang: Lang) => ({ lang, course: 'iccs', ...holder() })
const url = (lang: Lang) => `/${lang}/courses/iccs/${holder().module}/${holder().lesson}`

/** Form fields answering every question with the key (right) or with a wrong choice. */
function answerFields(right: boolean): Record<string, string | string[]> {
  const quiz = iccs().quizzes[QUIZ]!
  const fields: Record<string, string | string[]> = {}
  for (const q of quiz.questions) {
    const name = `answers.${q.id}`
    switch (q.type) {
      case 'single':
        fields[name] = right ? q.answer : q.options.find((o) => o.id !== q.answer)!.id
        break
      case 'multiple':
        fields[name] = right
          ? q.answer
          : q.options
              .filter((o) => !q.answer.includes(o.id))
              .map((o) => o.id)
              .slice(0, 1)
        break
      case 'truefalse':
        fields[name] = String(right ? q.answer : !q.answer)
        break
      case 'numeric':
        fields[name] = String(right ? q.answer : q.answer * 3 + 1000)
        break
      case 'text':
        fields[name] = right ? q.accept.en[0]! : 'zzz'
        break
      case 'match':
        for (const item of q.items)
          fields[`${name}.${item.id}`] = right ? item.answer : q.categories.find((c) => c.id !== item.answer)!.id
        break
      case 'order': {
        const order = right ? q.answer : [...q.answer.slice(1), q.answer[0]!] // every step out of place
        order.forEach((id, i) => (fields[`${name}.${id}`] = String(i + 1)))
        break
      }
    }
  }
  return fields
}

const submit = (lang: Lang, cookie: string, fields: Record<string, string | string[]>, submissionId = randomUUID()) =>
  settle(() =>
    lessonAction({
      request: postRequest(url(lang), { intent: 'submit-quiz', quizId: QUIZ, submissionId, ...fields }, cookie),
      params: params(lang),
      context: context(),
    }),
  )

async function enrolledLearner(role?: 'admin') {
  const user = await createUser(role ? { role } : {})
  const cookie = await loginCookie(user.id)
  await prisma.course.upsert({
    where: { id: 'iccs' },
    create: { id: 'iccs', status: 'published' },
    update: {},
    select: { id: true },
  })
  const enrol = await settle(() =>
    lessonAction({
      request: postRequest(url('es'), { intent: 'enrol' }, cookie),
      params: params('es'),
      context: context(),
    }),
  )
  expect(enrol.status).toBe(302)
  return { user, cookie }
}

test('fail, retry, pass: attempts stored with the quiz version, the lesson completes, progress is kept across languages', async () => {
  const { user, cookie } = await enrolledLearner()
  const failed = await submit('es', cookie, answerFields(false))
  expect(failed.status).toBe(302)
  const attemptId = new URL(failed.headers.get('Location')!, 'http://x').searchParams.get('attempt')!
  const view = await settle(() =>
    lessonLoader({
      request: getRequest(`${url('es')}?attempt=${attemptId}`, cookie),
      params: params('es'),
      context: context(),
    }),
  )
  const quizState = (
    view.data as {
      quizzes: Record<string, { result: { passed: boolean; questions: Array<{ explanation?: string }> } | null }>
    }
  ).quizzes[QUIZ]!
  expect(quizState.result!.passed).toBe(false)
  // Attempts remain: the explanations wait (the default feedback policy; see the tests below).
  expect(quizState.result!.questions[0]!.explanation).toBeUndefined()

  const passed = await submit('en', cookie, answerFields(true))
  expect(passed.status).toBe(302)
  const attempts = await prisma.quizAttempt.findMany({
    where: { userId: user.id },
    select: { score: true, passed: true, locale: true, quizVersion: true },
    orderBy: { createdAt: 'asc' },
  })
  expect(attempts.map((a) => [a.passed, a.locale])).toEqual([
    [false, 'es'],
    [true, 'en'],
  ])
  expect(attempts[1]!.score).toBe(100)
  expect(attempts[0]!.quizVersion).toMatch(/^[a-f0-9]{16}$/)
  const done = await prisma.lessonProgress.findFirst({
    where: { userId: user.id, lessonId: holder().id },
    select: { completedAt: true },
  })
  expect(done?.completedAt).not.toBeNull()

  // The same progress and best score show in either language.
  for (const lang of LANGS) {
    const dash = await settle(() =>
      dashboardLoader({ request: getRequest(`/${lang}/dashboard`, cookie), params: { lang }, context: context() }),
    )
    const course = (
      dash.data as {
        courses: Array<{ id: string; percent: number; quizzes: Array<{ id: string; best: number; passed: boolean }> }>
      }
    ).courses.find((c) => c.id === 'iccs')!
    expect(course.percent).toBeGreaterThan(0)
    expect(course.quizzes.find((q) => q.id === QUIZ)).toMatchObject({ best: 100, passed: true })
  }
})

test('bad submissions get a 4xx and record nothing', async () => {
  const { user, cookie } = await enrolledLearner()
  const good = answerFields(true)
  const firstQuestion = Object.keys(good)[0]!
  const cases: Array<[string, Record<string, string | string[]>, number]> = [
    ['missing answers', {}, 400],
    ['unknown question', { ...good, 'answers.no-such-question': 'a' }, 400],
    ['unknown option', { ...good, [firstQuestion]: 'zz-not-an-option' }, 400],
    ['array where one value belongs', { ...good, [firstQuestion]: ['a', 'b'] }, 400],
    ['malformed field name', { ...good, 'answers.<script>': 'x' }, 400],
    ['huge value', { ...good, [firstQuestion]: 'x'.repeat(100_000) }, 400],
  ]
  for (const [label, fields, status] of cases) {
    const result = await submit('en', cookie, fields)
    expect(result.status, label).toBe(status)
  }
  const noSubmission = await settle(() =>
    lessonAction({
      request: postRequest(url('en'), { intent: 'submit-quiz', quizId: QUIZ, ...good }, cookie),
      params: params('en'),
      context: context(),
    }),
  )
  expect(noSubmission.status).toBe(400)
  const otherQuiz = await settle(() =>
    lessonAction({
      request: postRequest(
        url('en'),
        { intent: 'submit-quiz', quizId: 'structure-quiz', submissionId: randomUUID(), ...good },
        cookie,
      ),
      params: params('en'),
      context: context(),
    }),
  )
  // A quiz that is not in this lesson: the form was altered.
  expect(otherQuiz.status).toBe(400)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(0)
})

test('a replayed submission records nothing; the attempt limit holds', async () => {
  const { user, cookie } = await enrolledLearner()
  const id = randomUUID()
  expect((await submit('en', cookie, answerFields(false), id)).status).toBe(302)
  expect((await submit('en', cookie, answerFields(false), id)).status).toBe(409)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(1)
  const max = iccs().quizzes[QUIZ]!.maxAttempts
  for (let i = 1; i < max; i++) expect((await submit('en', cookie, answerFields(false))).status).toBe(302)
  if (max > 0) {
    expect((await submit('en', cookie, answerFields(true))).status).toBe(409)
    expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(max)
  }
})

test('different forms submitted at once never pass the attempt limit', async () => {
  const { user, cookie } = await enrolledLearner()
  const max = iccs().quizzes[QUIZ]!.maxAttempts
  expect(max).toBeGreaterThan(0)
  // Twice the limit, each form its own, half of them passes (a pass also completes the lesson).
  const statuses = (
    await Promise.all(Array.from({ length: max * 2 }, (_, i) => submit('en', cookie, answerFields(i % 2 === 0))))
  )
    .map((r) => r.status)
    .sort()
  expect(statuses).toEqual([...Array<number>(max).fill(302), ...Array<number>(max).fill(409)])
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(max)
})

test('the same form submitted five times at once records one attempt, graded and dated', async () => {
  const { user, cookie } = await enrolledLearner()
  const id = randomUUID()
  const before = Date.now()
  const statuses = (await Promise.all(Array.from({ length: 5 }, () => submit('en', cookie, answerFields(true), id))))
    .map((r) => r.status)
    .sort()
  expect(statuses).toEqual([302, 409, 409, 409, 409])
  const attempts = await prisma.quizAttempt.findMany({
    where: { userId: user.id },
    select: { id: true, passed: true, score: true, locale: true, createdAt: true, results: true },
  })
  expect(attempts).toHaveLength(1)
  expect(attempts[0]).toMatchObject({ passed: true, score: 100, locale: 'en' })
  expect(attempts[0]!.id).toMatch(/^[a-z0-9]{10,40}$/)
  expect(Array.isArray(attempts[0]!.results)).toBe(true)
  // Written by SQL (in UTC, as Prisma writes times), read back by Prisma: the same instant.
  expect(Math.abs(attempts[0]!.createdAt.getTime() - before)).toBeLessThan(60_000)
  const lesson = await prisma.lessonProgress.findMany({ where: { userId: user.id }, select: { completedAt: true } })
  expect(lesson).toHaveLength(1)
  expect(Math.abs(lesson[0]!.completedAt!.getTime() - before)).toBeLessThan(60_000)
})

test('no attempt without an enrolment, and none anonymously', async () => {
  const user = await createUser()
  const cookie = await loginCookie(user.id)
  expect((await submit('en', cookie, answerFields(true))).status).toBe(403)
  const anonymous = await settle(() =>
    lessonAction({
      request: postRequest(url('en'), {
        intent: 'submit-quiz',
        quizId: QUIZ,
        submissionId: randomUUID(),
        ...answerFields(true),
      }),
      params: params('en'),
      context: context(),
    }),
  )
  expect(anonymous.status).toBe(302)
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(0)
})

test('no answer key or feedback reaches any lesson page: loader data and pre-rendered lesson HTML', async () => {
  const secrets = new Set<string>()
  for (const course of manifest().courses) {
    for (const quiz of Object.values(course.quizzes)) {
      for (const q of quiz.questions) {
        // As written and as shown in either number convention (<Num /> markup, ADR 030).
        for (const text of inEveryConvention(q.explanation)) secrets.add(text)
        // Accepted text answers are not secrets here: lessons teach those very terms.
      }
    }
  }
  const admin = await createUser({ role: 'admin' })
  const cookie = await loginCookie(admin.id)
  for (const course of manifest().courses) {
    for (const m of course.modules) {
      for (const l of m.lessons) {
        for (const lang of LANGS) {
          const result = await settle(() =>
            lessonLoader({
              request: getRequest(`/${lang}/courses/${course.id}/${l.id}`, cookie),
              params: { lang, course: course.id, module: m.slug, lesson: l.slug },
              context: context(),
            }),
          )
          expect(result.status).toBe(200)
          const json = JSON.stringify(result.data)
          const module = readFileSync(
            path.join(process.env.CONTENT_BUILD_DIR!, 'lessons', l.locales[lang].html),
            'utf8',
          )
          for (const secret of secrets) {
            expect(json, `${course.id}/${l.id} (${lang}) loader data leaks "${secret.slice(0, 40)}"`).not.toContain(
              secret,
            )
            expect(
              module,
              `${course.id}/${l.id} (${lang}) pre-rendered HTML leaks "${secret.slice(0, 40)}"`,
            ).not.toContain(secret)
          }
          expect(json).not.toMatch(/"(answer|accept|explanation|tolerance)"/)
        }
      }
    }
  }
}, 60_000)

test('the dashboard runs the same number of queries for one enrolled course as for three', async () => {
  let queries = 0
  prisma.$on('query', () => queries++)
  const count = async (courseIds: string[]) => {
    const user = await createUser()
    const cookie = await loginCookie(user.id)
    for (const id of courseIds) {
      await prisma.course.upsert({
        where: { id },
        create: { id, status: 'published' },
        update: {},
        select: { id: true },
      })
      await prisma.enrolment.create({ data: { userId: user.id, courseId: id, source: 'admin' }, select: { id: true } })
    }
    queries = 0
    const result = await settle(() =>
      dashboardLoader({ request: getRequest('/en/dashboard', cookie), params: { lang: 'en' }, context: context() }),
    )
    expect((result.data as { courses: unknown[] }).courses).toHaveLength(courseIds.length)
    return queries
  }
  const one = await count(['iccs'])
  const three = await count(['iccs', 'victimization-surveys', 'homicide-sdg16'])
  expect(one).toBeGreaterThan(0)
  expect(three).toBe(one)
})

type ViewedQuiz = Pick<QuizState, 'passingScore' | 'questions' | 'result'>
const viewAttempt = async (cookie: string, attemptId: string, lang: 'en' | 'es' = 'en') => {
  const view = await settle(() =>
    lessonLoader({
      request: getRequest(`${url(lang)}?attempt=${attemptId}`, cookie),
      params: params(lang),
      context: context(),
    }),
  )
  expect(view.status).toBe(200)
  return (view.data as { quizzes: Record<string, ViewedQuiz> }).quizzes[QUIZ]!
}
const attemptOf = (response: { headers: Headers }) =>
  new URL(response.headers.get('Location')!, 'http://x').searchParams.get('attempt')!

test('a past attempt is explained against the quiz version it answered, not the quiz as changed since', async () => {
  const { user, cookie } = await enrolledLearner()
  const real = iccs().quizzes[QUIZ]!
  // Explanations after every attempt (feedback: always), so a failed attempt shows them.
  const original = { ...real, feedback: 'always' as const }
  iccs().quizzes[QUIZ] = original
  try {
    const first = original.questions[0]!
    const before = await viewAttempt(cookie, attemptOf(await submit('en', cookie, answerFields(false))))
    const oldAnswer = before.result!.questions[0]!.correctAnswer
    expect(oldAnswer).toEqual(expect.any(String))
    expect(before.result!.questions[0]!.prompt).toBe(shownToTestLearner(first.prompt.en, 'en'))

    // The author rewrites the first question (prompt, explanation, and for a choice its key) and the pass mark.
    const changed = structuredClone(original)
    const q = changed.questions[0]!
    q.prompt.en = 'A rewritten first question'
    q.explanation.en = 'A rewritten explanation'
    if (q.type === 'single') q.answer = q.options.find((o) => o.id !== q.answer)!.id
    changed.passingScore = original.passingScore === 50 ? 60 : 50
    iccs().quizzes[QUIZ] = changed
    const [oldAttempt] = await prisma.quizAttempt.findMany({ where: { userId: user.id }, select: { id: true } })
    const old = await viewAttempt(cookie, oldAttempt!.id)
    // Today's form shows the new question; the old attempt shows what was asked and answered then.
    expect(old.questions.find((x) => x.id === first.id)!.prompt).toBe('A rewritten first question')
    expect(old.result!.reviewed).toBe(true)
    expect(old.result!.questions[0]).toMatchObject({
      prompt: shownToTestLearner(first.prompt.en, 'en'),
      explanation: shownToTestLearner(first.explanation.en, 'en'),
      correctAnswer: oldAnswer,
    })
    expect(old.result!.passingScore).toBe(original.passingScore)
    expect(old.passingScore).toBe(changed.passingScore)

    // An attempt at the new version is explained against it; each version is stored once.
    const fresh = await viewAttempt(cookie, attemptOf(await submit('en', cookie, answerFields(false))))
    expect(fresh.result!.questions[0]).toMatchObject({
      prompt: 'A rewritten first question',
      explanation: 'A rewritten explanation',
    })
    const versions = await prisma.quizAttempt.findMany({
      where: { userId: user.id },
      select: { quizVersion: true },
      distinct: ['quizVersion'],
    })
    expect(versions).toHaveLength(2)
    expect(
      await prisma.quizVersion.count({
        where: { courseId: 'iccs', quizId: QUIZ, version: { in: versions.map((v) => v.quizVersion) } },
      }),
    ).toBe(2)
  } finally {
    iccs().quizzes[QUIZ] = real
  }

  // An attempt at a version that was never kept (made before versions were stored): its score, no review.
  const [gone] = await prisma.quizAttempt.findMany({
    where: { userId: user.id },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: 1,
  })
  await prisma.quizAttempt.update({
    where: { id: gone!.id },
    data: { quizVersion: '0000000000000000' },
    select: { id: true },
  })
  const unknown = await viewAttempt(cookie, gone!.id)
  expect(unknown.result).toMatchObject({ passed: false, reviewed: false, questions: [] })
})

// The feedback policy (app/quizzes/feedback.ts, ADR 020): what a results page's loader data holds.
const explanationsOf = (quiz: QuizFile) => quiz.questions.flatMap((q) => inEveryConvention(q.explanation))
const hidesAnswers = (view: ViewedQuiz) => {
  const json = JSON.stringify(view)
  for (const secret of explanationsOf(iccs().quizzes[QUIZ]!))
    expect(json, `loader data leaks "${secret.slice(0, 40)}"`).not.toContain(secret)
  expect(json).not.toMatch(/"(correctAnswer|explanation|answer|accept|tolerance)"/)
  expect(view.result!.answersShown).toBe(false)
}
const showsAnswers = (view: ViewedQuiz) => {
  expect(view.result!.answersShown).toBe(true)
  const quiz = iccs().quizzes[QUIZ]!
  for (const [i, q] of view.result!.questions.entries()) {
    expect(q.explanation).toBe(shownToTestLearner(quiz.questions[i]!.explanation.en, 'en'))
    expect(q.correctAnswer).toEqual(expect.any(String))
  }
}

test('a failed attempt with attempts left: right, partly right or wrong, the answer as read and the hint; no correct answer or explanation', async () => {
  const { cookie } = await enrolledLearner()
  const quiz = iccs().quizzes[QUIZ]!
  expect(quiz.feedback).toBe('when-finished')
  expect(quiz.maxAttempts).toBeGreaterThan(1)
  const rate = quiz.questions.find((q) => q.type === 'numeric')!
  const order = quiz.questions.find((q) => q.type === 'order')!
  const fields = { ...answerFields(false), [`answers.${rate.id}`]: '92,8' }
  // In Spanish (decimal comma); seen in English and in Spanish.
  const attempt = attemptOf(await submit('es', cookie, fields))
  for (const lang of ['en', 'es'] as const) {
    const view = await viewAttempt(cookie, attempt, lang)
    expect(view.result).toMatchObject({ passed: false, reviewed: true, feedback: 'when-finished' })
    hidesAnswers(view)
    expect(view.result!.questions.map((q) => q.id)).toEqual(quiz.questions.map((q) => q.id))
    expect(view.result!.questions.every((q) => !q.correct && q.given !== null)).toBe(true)
    const byId = Object.fromEntries(view.result!.questions.map((q) => [q.id, q]))
    expect(byId[rate.id]).toMatchObject({ correct: false, given: '92,8', readAs: '92.8', hint: rate.hint![lang] })
    expect(byId[order.id]).toMatchObject({ hint: order.hint![lang] })
    expect(byId[order.id]!.score).toBeLessThan(1)
    // Every question without a hint has none.
    for (const q of quiz.questions.filter((x) => !x.hint)) expect(byId[q.id]).not.toHaveProperty('hint')
  }
})

test('the correct answers and explanations are shown once the quiz is passed, or after the last attempt', async () => {
  const passer = await enrolledLearner()
  const failed = attemptOf(await submit('en', passer.cookie, answerFields(false)))
  hidesAnswers(await viewAttempt(passer.cookie, failed))
  const passed = attemptOf(await submit('en', passer.cookie, answerFields(true)))
  showsAnswers(await viewAttempt(passer.cookie, passed))
  // Passed now: the earlier failed attempt may be reviewed in full too.
  showsAnswers(await viewAttempt(passer.cookie, failed))

  const { cookie } = await enrolledLearner()
  const max = iccs().quizzes[QUIZ]!.maxAttempts
  for (let i = 1; i < max; i++)
    hidesAnswers(await viewAttempt(cookie, attemptOf(await submit('en', cookie, answerFields(false)))))
  const last = await viewAttempt(cookie, attemptOf(await submit('en', cookie, answerFields(false))))
  expect(last.result!.passed).toBe(false)
  showsAnswers(last)
})

test('feedback always and never, as the author chooses; trainers and administrators see everything', async () => {
  const real = iccs().quizzes[QUIZ]!
  try {
    iccs().quizzes[QUIZ] = { ...real, feedback: 'always' }
    const always = await enrolledLearner()
    showsAnswers(await viewAttempt(always.cookie, attemptOf(await submit('en', always.cookie, answerFields(false)))))

    iccs().quizzes[QUIZ] = { ...real, feedback: 'never' }
    const never = await enrolledLearner()
    hidesAnswers(await viewAttempt(never.cookie, attemptOf(await submit('en', never.cookie, answerFields(true)))))
    expect(
      (await viewAttempt(never.cookie, attemptOf(await submit('en', never.cookie, answerFields(true))))).result,
    ).toMatchObject({ passed: true, feedback: 'never', answersShown: false })

    const admin = await enrolledLearner('admin')
    showsAnswers(await viewAttempt(admin.cookie, attemptOf(await submit('en', admin.cookie, answerFields(false)))))
  } finally {
    iccs().quizzes[QUIZ] = real
  }
})
