// A course's versions in the Studio over real HTTP (issue #18: "a trainer can roll a course back to
// an earlier version", ADR 034 §3g): the list, a rollback by a trainer of the course (audited with
// them as the actor), and what is refused with a translated 4xx that changes nothing: another
// course's trainer or a learner, a number that is not a version, the version already published,
// a rollback while a review is being published.
import { beforeAll, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
const COURSE = 'homicide-sdg16'
const page = `/es/studio/${COURSE}/versions`

let trainer: { id: string; cookie: string }
let otherCourseTrainer: string
let learner: string
beforeAll(async () => {
  const t = await createUser({ role: 'trainer', displayName: 'Ana Formadora' })
  await assignCourses(t.id, [COURSE])
  trainer = { id: t.id, cookie: await loginCookie(t.id) }
  const other = await createUser({ role: 'trainer' })
  await assignCourses(other.id, ['iccs'])
  otherCourseTrainer = await loginCookie(other.id)
  learner = await loginCookie((await createUser()).id)

  // Version 2, as a Studio publish leaves it (the same content as version 1: only the pointer matters here).
  const first = await prisma.courseVersion.findUniqueOrThrow({
    where: { courseId_number: { courseId: COURSE, number: 1 } },
  })
  const second = await prisma.courseVersion.create({
    data: {
      courseId: COURSE,
      number: 2,
      sourceHash: `${first.sourceHash}-2`,
      contentHash: first.contentHash,
      source: 'studio',
      baseNumber: 1,
      createdById: t.id,
      manifest: first.manifest!,
      lessonFiles: first.lessonFiles!,
      sourceFiles: first.sourceFiles!,
    },
    select: { id: true },
  })
  await prisma.course.update({ where: { id: COURSE }, data: { currentVersionId: second.id }, select: { id: true } })
})

const { get, post } = pageClient(app)
const currentNumber = async () =>
  (
    await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true } } },
    })
  ).currentVersion!.number

test('the list of versions: where each came from, who made it, which one learners see', async () => {
  const list = await get(page, trainer.cookie)
  expect(list.status).toBe(200)
  expect(list.text).toContain('Versiones de')
  expect(list.text).toMatch(/Versión 2<span[^>]*>\(publicada\)</)
  expect(list.text).toContain('El Studio (publicada por Ana Formadora)')
  expect(list.text).toContain('Basada en la versión 1')
  expect(list.text).toContain('Volver a publicar la versión 1')
  expect(list.text).not.toContain('Volver a publicar la versión 2')
})

test("another course's trainer, a learner and anonymous are refused; bad input is a translated 4xx; nothing changes", async () => {
  const fingerprint = await databaseFingerprint()
  for (const cookie of [otherCourseTrainer, learner]) {
    expect((await get(page, cookie)).status).toBe(403)
    expect((await post(page, { intent: 'rollback', number: '1' }, cookie)).status).toBe(403)
  }
  const anonymous = await post(page, { intent: 'rollback', number: '1' })
  expect([anonymous.status, anonymous.location]).toEqual([302, expect.stringContaining('/es/login') as string])
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['not a number', { intent: 'rollback', number: 'uno' }, 400, 'Ese no es un número de versión.'],
    ['zero', { intent: 'rollback', number: '0' }, 400, 'Ese no es un número de versión.'],
    ['a fraction', { intent: 'rollback', number: '1.5' }, 400, 'Ese no es un número de versión.'],
    ['a version the course does not have', { intent: 'rollback', number: '99' }, 404, 'no tiene esa versión'],
    ['the version already published', { intent: 'rollback', number: '2' }, 409, 'ya es la publicada'],
    ['an unknown intent', { intent: 'delete', number: '1' }, 400, ''],
  ]
  for (const [label, fields, status, message] of cases) {
    const refused = await post(page, fields, trainer.cookie)
    expect(refused.status, label).toBe(status)
    expect(refused.text, label).toContain('role="alert"')
    if (message) expect(refused.text, label).toContain(message)
  }
  expect(await databaseFingerprint()).toEqual(fingerprint)
  expect(await currentNumber()).toBe(2)
})

test('a rollback while a review is being published is refused; then the trainer publishes version 1 again, audited with them as the actor', async () => {
  const review = await prisma.contentReview.create({
    data: { courseId: COURSE, status: 'publishing', baseNumber: 2, submittedById: trainer.id },
    select: { id: true },
  })
  const waiting = await post(page, { intent: 'rollback', number: '1' }, trainer.cookie)
  expect(waiting.status).toBe(409)
  expect(waiting.text).toContain('Se está publicando una revisión')
  expect(await currentNumber()).toBe(2)
  await prisma.contentReview.delete({ where: { id: review.id } })

  const rolledBack = await post(page, { intent: 'rollback', number: '1' }, trainer.cookie)
  expect([rolledBack.status, rolledBack.location]).toEqual([302, page])
  expect(await currentNumber()).toBe(1)
  const event = await prisma.auditEvent.findFirstOrThrow({
    where: { action: 'content.version.rollback', subject: `course:${COURSE}` },
    select: { actorId: true, data: true },
  })
  expect(event).toEqual({ actorId: trainer.id, data: { from: 2, to: 1 } })
  const list = await get(page, trainer.cookie)
  expect(list.text).toMatch(/Versión 1<span[^>]*>\(publicada\)</)
  expect(list.text).toContain('Volver a publicar la versión 2')
})
