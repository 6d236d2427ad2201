// One rule for enrolments, whatever creates them (app/enrolment/enrol.server.ts, ADR 018): a new
// enrolment is created; a cancelled one is re-opened with the new source; an active or completed one
// is never changed. Checked on enrol() itself and through the pages that enrol.
import { beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { enrol, enrolMany } from '#app/enrolment/enrol.server.ts'
import { grantWaiver } from '#app/payments/waivers.server.ts'
import { action as personAction } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { action as courseAction } from '#app/routes/$lang.courses.$course._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, loginCookie, submit } from '#tests/utils.ts'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

const FREE = 'iccs'
const PAID = 'homicide-sdg16'

/** A learner whose purchase of a course was refunded in full: the enrolment is cancelled. */
async function refunded(courseId: string) {
  const user = await createUser()
  const payment = await prisma.payment.create({
    data: { userId: user.id, courseId, amountCents: 4900, currency: 'USD', status: 'refunded', refundedCents: 4900 },
    select: { id: true },
  })
  const enrolment = await prisma.enrolment.create({
    data: {
      userId: user.id,
      courseId,
      source: 'payment',
      status: 'cancelled',
      paymentId: payment.id,
      lastLessonId: 'm/l',
    },
    select: { id: true },
  })
  return { user, enrolmentId: enrolment.id }
}

const row = (userId: string, courseId: string) =>
  prisma.enrolment.findUniqueOrThrow({
    where: { userId_courseId: { userId, courseId } },
    select: {
      id: true,
      status: true,
      source: true,
      paymentId: true,
      cohortId: true,
      grantedById: true,
      waiverReason: true,
      lastLessonId: true,
    },
  })

test('enrol(): created, then already enrolled (unchanged); a cancelled enrolment is re-opened by every source', async () => {
  const learner = await createUser()
  const first = await enrol({ userId: learner.id, courseId: FREE, source: 'free' })
  expect(first.outcome).toBe('created')
  const admin = await createUser({ role: 'admin' })
  // An active enrolment is never changed by a new one, whatever its source.
  const again = await enrol({ userId: learner.id, courseId: FREE, source: 'admin', grantedById: admin.id })
  expect(again).toEqual({ outcome: 'already-enrolled', enrolmentId: first.enrolmentId })
  expect(await row(learner.id, FREE)).toMatchObject({ status: 'active', source: 'free', grantedById: null })

  const cohort = await prisma.cohort.create({
    data: { name: `Enrolment rule ${learner.id}`, courseId: PAID },
    select: { id: true },
  })
  const cases = [
    { source: 'free' as const },
    { source: 'admin' as const, grantedById: admin.id },
    { source: 'waiver' as const, grantedById: admin.id, waiverReason: 'Scholarship', waiverSponsor: 'Donor' },
    { source: 'cohort' as const, cohortId: cohort.id },
  ]
  for (const details of cases) {
    const { user, enrolmentId } = await refunded(PAID)
    const outcome = await enrol({ userId: user.id, courseId: PAID, ...details })
    expect(outcome, details.source).toEqual({ outcome: 'reopened', enrolmentId })
    // Active again with the new source and its details; the old purchase no longer attached; the place kept.
    expect(await row(user.id, PAID), details.source).toMatchObject({
      id: enrolmentId,
      status: 'active',
      source: details.source,
      paymentId: null,
      cohortId: details.cohortId ?? null,
      grantedById: details.grantedById ?? null,
      waiverReason: details.waiverReason ?? null,
      lastLessonId: 'm/l',
    })
  }
})

test('enrolMany() (a cohort batch) applies the same rule to each person, outcomes in order', async () => {
  const fresh = await createUser()
  const active = await createUser()
  await enrol({ userId: active.id, courseId: PAID, source: 'free' })
  const cancelled = await refunded(PAID)
  const cohort = await prisma.cohort.create({
    data: { name: `Batch ${fresh.id}`, courseId: PAID },
    select: { id: true },
  })
  const outcomes = await enrolMany(
    [fresh.id, active.id, cancelled.user.id].map((userId) => ({
      userId,
      courseId: PAID,
      source: 'cohort' as const,
      cohortId: cohort.id,
    })),
  )
  expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'already-enrolled', 'reopened'])
  expect(outcomes[2]!.enrolmentId).toBe(cancelled.enrolmentId)
  expect(await row(fresh.id, PAID)).toMatchObject({ status: 'active', source: 'cohort', cohortId: cohort.id })
  expect(await row(active.id, PAID)).toMatchObject({ status: 'active', source: 'free', cohortId: null })
  expect(await row(cancelled.user.id, PAID)).toMatchObject({
    status: 'active',
    source: 'cohort',
    cohortId: cohort.id,
    paymentId: null,
  })
})

test('enrol(): five enrolments of one person at once give one row, created once', async () => {
  const learner = await createUser()
  const outcomes = await Promise.all(
    Array.from({ length: 5 }, () => enrol({ userId: learner.id, courseId: FREE, source: 'free' })),
  )
  expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1)
  expect(new Set(outcomes.map((o) => o.enrolmentId)).size).toBe(1)
  expect(await prisma.enrolment.count({ where: { userId: learner.id } })).toBe(1)
})

test('the pages follow the rule: a refunded learner enrols again for free, by an administrator or a waiver', async () => {
  const boss = await createUser({ role: 'admin' })
  const bossCookie = await loginCookie(boss.id)
  const person = (userId: string, fields: Record<string, string>) =>
    submit(personAction, { lang: 'en', userId }, `/en/admin/people/${userId}`, fields, bossCookie)

  // Free course, cancelled: the learner's own "Enrol" re-opens it (it used to stay cancelled).
  const free = await refunded(FREE)
  const cookie = await loginCookie(free.user.id)
  const enrolled = await submit(
    courseAction,
    { lang: 'en', course: FREE },
    `/en/courses/${FREE}`,
    { intent: 'enrol' },
    cookie,
  )
  expect(enrolled.status).toBe(302)
  expect(await row(free.user.id, FREE)).toMatchObject({ status: 'active', source: 'free' })

  // An administrator's enrolment re-opens a cancelled one (it used to be a 409), audited.
  const byAdmin = await refunded(PAID)
  expect((await person(byAdmin.user.id, { intent: 'enrol', courseId: PAID })).status).toBe(302)
  expect(await row(byAdmin.user.id, PAID)).toMatchObject({ status: 'active', source: 'admin', grantedById: boss.id })
  const audited = await prisma.auditEvent.findFirstOrThrow({
    where: { subject: `user:${byAdmin.user.id}`, action: 'enrolment.create' },
    select: { data: true },
  })
  expect(audited.data).toMatchObject({ courseId: PAID, source: 'admin', reopened: true })
  // Once active, a second enrolment or a waiver is refused and changes nothing.
  const second = await person(byAdmin.user.id, { intent: 'enrol', courseId: PAID })
  expect(second.status).toBe(409)
  expect(formMessages(second.data)).toEqual(['payments:errors.alreadyEnrolledLearner'])
  expect(
    await grantWaiver({ actorId: boss.id, userId: byAdmin.user.id, courseId: PAID, reason: 'r', sponsor: 's' }),
  ).toEqual({ ok: false, error: 'already-enrolled' })
  expect(await row(byAdmin.user.id, PAID)).toMatchObject({ status: 'active', source: 'admin' })

  // Unknown people and courses: the enrolment module's table gives the answer.
  const unknown = await person('c'.repeat(25), { intent: 'enrol', courseId: PAID })
  expect(unknown.status).toBe(404)
  expect(formMessages(unknown.data)).toEqual(['common:errors.404.body'])
  expect((await person(byAdmin.user.id, { intent: 'enrol', courseId: 'no-such-course' })).status).toBe(400)
})

/** The messages of the form pipeline's reply (Conform's result: form-level errors under ''). */
function formMessages(data: unknown): string[] {
  const reply = data as { result?: { error?: Record<string, string[] | null> } } | null
  return Object.values(reply?.result?.error ?? {}).flatMap((list) => list ?? [])
}
