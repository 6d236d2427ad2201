// Twenty learners complete a course at the same moment: their certificates are issued
// concurrently, not one at a time across the platform (ADR 012: the year's serial is held only
// for its increment; the PDFs are rendered and the credential signed outside any lock), exactly
// one each, with twenty different serials.
//
// The signer is slowed by SIGN_MS (vi.mock below), as a remote signing service or another busy
// node would be: time that is not this process's CPU, so the test measures what the code makes
// wait for what, not how fast two shared cores render PDFs. Were issues serialised (the serial
// counter or any lock held while rendering and signing, as before), twenty would take at least
// twenty signing times.
import { beforeAll, expect, test, vi } from 'vitest'
import { getCourse, getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { action as lessonAction } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { context, createUser, loginCookie, nearlyComplete, postRequest } from '#tests/utils.ts'

const signing = vi.hoisted(() => ({ ms: 2000, inFlight: 0, maxInFlight: 0 }))

vi.mock('#app/certificates/credential.server.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#app/certificates/credential.server.ts')>()
  return {
    ...original,
    signCredential: async (input: Parameters<typeof original.signCredential>[0]) => {
      signing.inFlight++
      signing.maxInFlight = Math.max(signing.maxInFlight, signing.inFlight)
      try {
        await new Promise((resolve) => setTimeout(resolve, signing.ms))
        return await original.signCredential(input)
      } finally {
        signing.inFlight--
      }
    },
  }
})

const COURSE = 'un-cts'
const LEARNERS = 20

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

/** A signed-in learner with everything but the last lesson done, and the last lesson's id. */
async function nearlyDone() {
  const course = getCourse(COURSE)!
  const user = await createUser()
  const last = await nearlyComplete(user.id, course)
  return { user, cookie: await loginCookie(user.id), last }
}

/** The learner's "mark as complete" on the last lesson: the completion and its job, nothing more. */
async function complete(learner: Awaited<ReturnType<typeof nearlyDone>>) {
  const [module, lesson] = learner.last.split('/') as [string, string]
  const response = await lessonAction({
    request: postRequest(`/en/courses/${COURSE}/${module}/${lesson}`, { intent: 'complete-lesson' }, learner.cookie),
    params: { lang: 'en', course: COURSE, module, lesson },
    context: context(),
  }).catch((thrown: unknown) => thrown)
  expect((response as Response).status).toBe(302)
}

async function timed(work: () => Promise<unknown>) {
  const started = performance.now()
  await work()
  return performance.now() - started
}

test(`${LEARNERS} learners complete at the same moment: their certificates are issued concurrently, exactly one each`, async () => {
  const learners = await Promise.all(Array.from({ length: LEARNERS + 1 }, () => nearlyDone()))
  const [alone, ...crowd] = learners as [(typeof learners)[0], ...typeof learners]

  // One issue on its own: the time the runner takes for one completion.
  await complete(alone)
  const one = await timed(() => runJobsUntilIdle({ concurrency: LEARNERS }))
  expect(await prisma.certificate.count({ where: { userId: alone.user.id } })).toBe(1)
  expect(one).toBeGreaterThanOrEqual(signing.ms)

  // Twenty at once: the requests only record the completions and queue the jobs...
  signing.maxInFlight = 0
  await Promise.all(crowd.map((learner) => complete(learner)))
  const ids = crowd.map((learner) => learner.user.id)
  expect(await prisma.certificate.count({ where: { userId: { in: ids } } })).toBe(0)
  // ...and the runner issues them side by side.
  const all = await timed(() => runJobsUntilIdle({ concurrency: LEARNERS }))

  const certificates = await prisma.certificate.findMany({
    where: { userId: { in: ids } },
    select: { userId: true, serial: true, status: true },
  })
  expect(certificates).toHaveLength(LEARNERS)
  expect(new Set(certificates.map((c) => c.userId)).size).toBe(LEARNERS)
  expect(new Set(certificates.map((c) => c.serial)).size).toBe(LEARNERS)
  expect(certificates.every((c) => c.status === 'valid')).toBe(true)
  // Concurrent: most signings overlapped, and the whole took a fraction of twenty issues one
  // after another, less than half of what twenty signings alone take in a row (the least a
  // serialised issue could take). The rest of an issue (two PDFs, a dozen queries) is this
  // process's CPU, shared by the twenty, which is why the bound is a third, not a twentieth.
  console.info(
    `one issue ${Math.round(one)} ms; ${LEARNERS} at once ${Math.round(all)} ms (${(all / one).toFixed(1)} × one); up to ${signing.maxInFlight} signing at once`,
  )
  expect(signing.maxInFlight).toBeGreaterThanOrEqual(LEARNERS / 2)
  expect(all).toBeLessThan((LEARNERS * one) / 3)
  expect(all).toBeLessThan((LEARNERS * signing.ms) / 2)
}, 120_000)
