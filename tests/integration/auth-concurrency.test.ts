// Account writes that must hold whatever the interleaving: two administrators demoting each other
// at the same moment, and one password-reset link used by ten requests at once. Each trial runs
// the route actions in parallel (separate transactions on the connection pool), as simultaneous
// HTTP requests would.
import { expect, test } from 'vitest'
import { verifyPassword } from '#app/accounts/password.server.ts'
import { createVerification } from '#app/accounts/token.server.ts'
import { action as personAction } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { action as resetAction } from '#app/routes/$lang.reset-password.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, loginCookie, submit } from '#tests/utils.ts'

const DEMOTION_TRIALS = 20
const RESET_TRIALS = 3
const SIMULTANEOUS_RESETS = 10

const demote = (cookie: string, userId: string) =>
  submit(
    personAction,
    { lang: 'en', userId },
    `/en/admin/people/${userId}`,
    { intent: 'change-role', role: 'learner' },
    cookie,
  )

test(`two administrators demoting each other at the same moment always leave one (${DEMOTION_TRIALS} trials)`, async () => {
  const outcomes: string[] = []
  for (let trial = 1; trial <= DEMOTION_TRIALS; trial++) {
    // This file's database: the two of them are its only administrators.
    await prisma.user.updateMany({ where: { role: 'admin' }, data: { role: 'learner' } })
    const [a, b] = [await createUser({ role: 'admin' }), await createUser({ role: 'admin' })]
    const [cookieA, cookieB] = [await loginCookie(a.id), await loginCookie(b.id)]
    const [byA, byB] = await Promise.all([demote(cookieA, b.id), demote(cookieB, a.id)])
    const admins = await prisma.user.count({ where: { role: 'admin', deletedAt: null } })
    const audited = await prisma.auditEvent.count({
      where: { action: 'user.role.change', subject: { in: [`user:${a.id}`, `user:${b.id}`] } },
    })
    outcomes.push(`${[byA.status, byB.status].sort().join('/')} admins=${admins} audited=${audited}`)
  }
  // Every trial: exactly one demotion went through (audited once), the other was refused, one admin is left.
  const failed = outcomes.filter((outcome) => outcome !== '302/403 admins=1 audited=1')
  expect(failed, `${failed.length} of ${DEMOTION_TRIALS} trials went wrong`).toEqual([])
})

test('the last administrator cannot be demoted by anyone, and a demotion that leaves one is allowed', async () => {
  await prisma.user.updateMany({ where: { role: 'admin' }, data: { role: 'learner' } })
  const [a, b] = [await createUser({ role: 'admin' }), await createUser({ role: 'admin' })]
  const cookieA = await loginCookie(a.id)
  expect((await demote(cookieA, b.id)).status).toBe(302)
  // A is now the only administrator; B, demoted, cannot act any more.
  expect((await demote(await loginCookie(b.id), a.id)).status).toBe(403)
  expect(await prisma.user.findUniqueOrThrow({ where: { id: a.id }, select: { role: true } })).toEqual({
    role: 'admin',
  })
})

const resetWith = (token: string, password: string) =>
  submit(resetAction, { lang: 'en' }, '/en/reset-password', { token, password, confirmPassword: password })

test(
  `a password-reset link used ${SIMULTANEOUS_RESETS} times at once succeeds exactly once (${RESET_TRIALS} trials)`,
  { timeout: 180_000 },
  async () => {
    for (let trial = 1; trial <= RESET_TRIALS; trial++) {
      const user = await createUser()
      const token = await createVerification(user.id, user.email, 'reset')
      const passwords = Array.from({ length: SIMULTANEOUS_RESETS }, (_, i) => `new long password number ${trial}-${i}`)
      const results = await Promise.all(passwords.map((password) => resetWith(token, password)))
      const statuses = results.map((r) => r.status)
      expect(
        statuses.filter((s) => s === 302),
        `trial ${trial}: ${statuses.join(',')}`,
      ).toHaveLength(1)
      expect(statuses.filter((s) => s === 400)).toHaveLength(SIMULTANEOUS_RESETS - 1)
      // The password is the winner's, and the link is spent.
      const winner = passwords[statuses.indexOf(302)]!
      const { hash } = await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } })
      expect(await verifyPassword(winner, hash)).toBe(true)
      expect(await prisma.verification.count({ where: { userId: user.id, usedAt: null } })).toBe(0)
    }
  },
)
