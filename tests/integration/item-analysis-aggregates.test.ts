// What item analysis reads, kept at grading time (ADR 033): each learner's first and best attempt
// at a quiz with its item arrays (QuizLearnerAttempt), kept by the trigger of the migration
// 20261203090000_item_analysis_aggregates. Right after submissions at once (through the app, and
// two raw inserts that meet on the row lock), after deletes, and after the migration's backfill.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { gradeQuiz, type QuizAnswers } from '#app/quizzes/grade.ts'
import { submitQuiz } from '#app/quizzes/quiz.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createUser } from '#tests/utils.ts'

const COURSE = 'iccs'
const QUIZ = 'foundations-quiz'
const course = () => getManifest().courses.find((c) => c.id === COURSE)!
const quiz = () => course().quizzes[QUIZ]!

async function ensureCourse() {
  await prisma.course.upsert({ where: { id: COURSE }, create: { id: COURSE, status: 'published' }, update: {} })
}

/** Answers every question with the key (right) or a wrong value, in the shape grading takes. */
function answers(right: boolean): QuizAnswers {
  const out: QuizAnswers = {}
  for (const q of quiz().questions) {
    if (q.type === 'single') out[q.id] = right ? q.answer : q.options.find((o) => o.id !== q.answer)!.id
    else if (q.type === 'truefalse') out[q.id] = String(right ? q.answer : !q.answer)
    else if (q.type === 'multiple')
      out[q.id] = right
        ? q.answer
        : q.options
            .filter((o) => !q.answer.includes(o.id))
            .map((o) => o.id)
            .slice(0, 1)
    else if (q.type === 'numeric') out[q.id] = right ? String(q.answer) : String(q.answer * 3 + 1000)
    else if (q.type === 'text') out[q.id] = right ? q.accept.en[0]! : 'zzz'
    else if (q.type === 'match') out[q.id] = Object.fromEntries(q.items.map((it) => [it.id, right ? it.answer : 'x']))
    else if (q.type === 'order') out[q.id] = right ? q.answer : [...q.answer].reverse()
  }
  return out
}

type Stored = {
  view: string
  userId: string
  attemptId: string
  itemIds: string[]
  itemCorrect: boolean[]
  itemAnswers: string[]
}

/** The rows the trigger keeps for these learners. */
async function stored(userIds: string[]): Promise<Stored[]> {
  return prisma.quizLearnerAttempt.findMany({
    where: { userId: { in: userIds } },
    select: { view: true, userId: true, attemptId: true, itemIds: true, itemCorrect: true, itemAnswers: true },
    orderBy: [{ userId: 'asc' }, { view: 'asc' }],
  })
}

/** The same, computed from the attempts as the analysis did before (DISTINCT ON per learner). */
async function expected(userIds: string[]) {
  const attempts = await prisma.quizAttempt.findMany({
    where: { userId: { in: userIds } },
    select: { id: true, userId: true, courseId: true, quizId: true, score: true, createdAt: true },
  })
  const rows: Array<{ view: string; userId: string; attemptId: string }> = []
  for (const userId of [...userIds].sort()) {
    const mine = attempts.filter((a) => a.userId === userId)
    if (!mine.length) continue
    const byTime = (a: (typeof mine)[number], b: (typeof mine)[number]) =>
      a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    const first = [...mine].sort(byTime)[0]!
    const best = [...mine].sort((a, b) => b.score - a.score || byTime(a, b))[0]!
    rows.push({ view: 'first', userId, attemptId: first.id }, { view: 'best', userId, attemptId: best.id })
  }
  return rows
}

const ids = (rows: Stored[]) => rows.map(({ view, userId, attemptId }) => ({ view, userId, attemptId }))

test('two submissions of one learner at once: the first and the best attempt stay right, with their answers', async () => {
  await ensureCourse()
  const learners = await Promise.all(Array.from({ length: 4 }, () => createUser()))
  for (const l of learners)
    await prisma.enrolment.create({ data: { userId: l.id, courseId: COURSE, source: 'free' }, select: { id: true } })
  const holder = course().modules[0]!.lessons.find((l) => l.locales.en.quizIds.includes(QUIZ))!
  const submit = (userId: string, right: boolean) =>
    submitQuiz({
      userId,
      course: course(),
      lessonId: holder.id,
      quizId: QUIZ,
      submissionId: randomUUID(),
      answers: answers(right),
      lang: 'es',
      convention: 'comma',
    })
  // Each learner: a wrong and a right submission at the same moment, then one more wrong one.
  const results = await Promise.all(learners.flatMap((l) => [submit(l.id, false), submit(l.id, true)]))
  expect(results.every((r) => r.ok)).toBe(true)
  for (const l of learners) expect((await submit(l.id, false)).ok).toBe(true)
  const userIds = learners.map((l) => l.id)
  const rows = await stored(userIds)
  expect(ids(rows)).toEqual(await expected(userIds))
  // The best attempt is the right one, and its item arrays are what grading stored.
  const graded = gradeQuiz(quiz(), answers(true), { convention: 'comma', lang: 'es' })
  for (const row of rows.filter((r) => r.view === 'best')) {
    expect(row.itemIds).toEqual(quiz().questions.map((q) => q.id))
    expect(row.itemCorrect).toEqual(graded.results.map((r) => r.correct))
    const single = quiz().questions.find((q) => q.type === 'single')!
    expect(row.itemAnswers[row.itemIds.indexOf(single.id)]).toBe(answers(true)[single.id])
  }
})

test('two inserts that meet on the row lock: the one that commits second still wins when it comes first', async () => {
  await ensureCourse()
  const learner = await createUser()
  const base = {
    userId: learner.id,
    courseId: COURSE,
    quizId: QUIZ,
    quizVersion: 'v',
    locale: 'en' as const,
    answers: {},
    passed: false,
  }
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let inserted!: () => void
  const insertedOnce = new Promise<void>((resolve) => (inserted = resolve))
  // A: a later, better attempt, whose transaction stays open until B waits on the row lock.
  const a = prisma.$transaction(
    async (tx) => {
      await tx.quizAttempt.create({
        data: { ...base, id: 'lock-b-late', score: 90, results: [], createdAt: new Date('2026-05-02T00:00:00Z') },
        select: { id: true },
      })
      inserted()
      await held
    },
    { timeout: 20_000 },
  )
  await insertedOnce
  // B: an earlier, worse attempt: it blocks on A's row until A commits, then compares with it.
  const b = prisma.quizAttempt.create({
    data: { ...base, id: 'lock-a-early', score: 10, results: [], createdAt: new Date('2026-05-01T00:00:00Z') },
    select: { id: true },
  })
  await new Promise((r) => setTimeout(r, 300))
  release()
  await Promise.all([a, b])
  expect(ids(await stored([learner.id]))).toEqual([
    { view: 'first', userId: learner.id, attemptId: 'lock-a-early' },
    { view: 'best', userId: learner.id, attemptId: 'lock-b-late' },
  ])
  // Deleting the best attempt falls back to the other one; deleting the last removes the rows.
  await prisma.quizAttempt.delete({ where: { id: 'lock-b-late' } })
  expect(ids(await stored([learner.id]))).toEqual([
    { view: 'first', userId: learner.id, attemptId: 'lock-a-early' },
    { view: 'best', userId: learner.id, attemptId: 'lock-a-early' },
  ])
  await prisma.quizAttempt.delete({ where: { id: 'lock-a-early' } })
  expect(await stored([learner.id])).toEqual([])
})

test("the migration's backfill builds the same rows from attempts stored before it", async () => {
  await ensureCourse()
  const q = quiz()
  const learners = await Promise.all(Array.from({ length: 3 }, () => createUser()))
  const [ana, ben, carla] = learners as [
    (typeof learners)[number],
    (typeof learners)[number],
    (typeof learners)[number],
  ]
  const results = (right: (id: string) => boolean) =>
    q.questions.map((x) => ({ id: x.id, correct: right(x.id), score: 0, answered: true }))
  const first = q.questions[0]!.id
  const attempt = (
    userId: string,
    id: string,
    score: number,
    at: string,
    result: unknown,
    given: QuizAnswers = {},
  ) => ({
    id,
    userId,
    courseId: COURSE,
    quizId: QUIZ,
    quizVersion: 'v',
    locale: 'es' as const,
    answers: given as object,
    results: result as object,
    score,
    passed: false,
    createdAt: new Date(at),
  })
  const data = [
    // Ana: a tie on score (the earlier wins best), then a better one.
    attempt(
      ana.id,
      'bf-ana-1',
      50,
      '2026-04-01T10:00:00Z',
      results((id) => id === first),
      answers(false),
    ),
    attempt(
      ana.id,
      'bf-ana-2',
      50,
      '2026-04-02T10:00:00Z',
      results(() => false),
    ),
    attempt(
      ana.id,
      'bf-ana-3',
      80,
      '2026-04-03T10:00:00Z',
      results(() => true),
      answers(true),
    ),
    // Ben: results keyed by question id (older rows), same time twice (the lower id is first).
    attempt(
      ben.id,
      'bf-ben-b',
      20,
      '2026-04-01T10:00:00Z',
      Object.fromEntries(q.questions.map((x) => [x.id, { correct: x.id === first }])),
    ),
    attempt(ben.id, 'bf-ben-a', 20, '2026-04-01T10:00:00Z', results(() => true).reverse()),
    // Carla: an older version without the first question, and results that are not an array.
    attempt(carla.id, 'bf-carla-1', 0, '2026-04-01T10:00:00Z', results(() => false).slice(1)),
    attempt(carla.id, 'bf-carla-2', 10, '2026-04-02T10:00:00Z', 'broken'),
  ]
  // As before the migration: the attempts are stored without the trigger (this file's own database).
  await prisma.$executeRawUnsafe('ALTER TABLE "QuizAttempt" DISABLE TRIGGER "QuizAttempt_learner"')
  try {
    await prisma.quizAttempt.createMany({ data })
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "QuizAttempt" ENABLE TRIGGER "QuizAttempt_learner"')
  }
  const userIds = learners.map((l) => l.id)
  expect(await stored(userIds)).toEqual([])
  // The migration's last statement, as written.
  const sql = readFileSync('prisma/migrations/20261203090000_item_analysis_aggregates/migration.sql', 'utf8')
  const backfill = sql
    .slice(sql.indexOf('-- BACKFILL'))
    .replace(/^--.*$/gm, '')
    .trim()
    .replace(/;$/, '')
  expect(backfill).toMatch(/^INSERT INTO "QuizLearnerAttempt"/)
  await prisma.$executeRawUnsafe(backfill)
  const afterBackfill = await stored(userIds)
  expect(ids(afterBackfill)).toEqual(await expected(userIds))
  expect(ids(afterBackfill).filter((r) => r.userId === ana.id)).toEqual([
    { view: 'first', userId: ana.id, attemptId: 'bf-ana-1' },
    { view: 'best', userId: ana.id, attemptId: 'bf-ana-3' },
  ])
  const row = (userId: string, view: string) => afterBackfill.find((r) => r.userId === userId && r.view === view)!
  expect(row(ben.id, 'first').attemptId).toBe('bf-ben-a')
  expect(row(ben.id, 'first').itemIds).toEqual(q.questions.map((x) => x.id).reverse())
  expect(row(carla.id, 'first').itemIds).toEqual(q.questions.slice(1).map((x) => x.id))
  expect(row(carla.id, 'best')).toMatchObject({
    attemptId: 'bf-carla-2',
    itemIds: [],
    itemCorrect: [],
    itemAnswers: [],
  })
  // The trigger makes exactly these rows from the same attempts (recomputed: delete and re-insert).
  await prisma.quizAttempt.deleteMany({ where: { userId: { in: userIds } } })
  expect(await stored(userIds)).toEqual([])
  for (const attemptData of data) await prisma.quizAttempt.create({ data: attemptData, select: { id: true } })
  expect(await stored(userIds)).toEqual(afterBackfill)
})
