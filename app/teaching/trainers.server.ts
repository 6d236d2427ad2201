// Who teaches which course (ADR 034 §2): CourseTrainer rows are the one source. An administrator
// assigns and removes trainers in the console; course.yaml's `trainers:` list is applied when it
// changes (applyFileTrainers, at start and after a rebuild); `courses:export` writes the list back
// (courseTrainerEmails). Every change is in the audit log, in the same transaction: by the
// administrator, or with no actor and `source: 'files'`. The signed-in user's courses are read with
// the user (sessionUserSql), so an assignment takes effect at their next request.
import { audit } from '#app/audit/audit.server.ts'
import { type Manifest } from '#app/content/manifest.ts'
import { type PrismaClient } from '#app/generated/prisma/client.ts'
import { type Role } from '#app/generated/prisma/enums.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'

/** Roles that may teach a course: a learner is given the trainer role on their page first. */
const TEACHING_ROLES: readonly Role[] = ['trainer', 'admin']

export type TrainerError = 'course' | 'no-account' | 'learner' | 'already-assigned' | 'not-assigned'

/** What each failure means over HTTP and to a person (the console's forms answer with it). */
export const TRAINER_ERRORS: ErrorTable<TrainerError> = {
  course: { status: 404, message: 'admin:trainers.errors.course' },
  'no-account': { status: 404, message: 'admin:trainers.errors.noAccount' },
  learner: { status: 409, message: 'admin:trainers.errors.learner' },
  'already-assigned': { status: 409, message: 'admin:trainers.errors.alreadyAssigned' },
  'not-assigned': { status: 404, message: 'admin:trainers.errors.notAssigned' },
}

export type TrainerResult = { ok: true; userId: string } | { ok: false; error: TrainerError }

/** The e-mails of a course's trainers, sorted (deleted accounts left out): what export writes. */
export async function courseTrainerEmails(courseId: string, db: PrismaClient = prisma): Promise<string[]> {
  const rows = await db.courseTrainer.findMany({
    where: { courseId, user: { deletedAt: null } },
    select: { user: { select: { email: true } } },
  })
  return rows.map((r) => r.user.email).sort()
}

/** Every course's trainers for the console, by course id: one query. */
export async function trainersByCourse() {
  const rows = await prisma.courseTrainer.findMany({
    where: { user: { deletedAt: null } },
    select: {
      courseId: true,
      assignedAt: true,
      user: { select: { id: true, email: true, displayName: true, role: true } },
      assignedBy: { select: { displayName: true } },
    },
    orderBy: [{ courseId: 'asc' }, { assignedAt: 'asc' }],
  })
  const byCourse = new Map<string, typeof rows>()
  for (const row of rows) byCourse.set(row.courseId, [...(byCourse.get(row.courseId) ?? []), row])
  return byCourse
}

/**
 * An administrator makes the account with this e-mail a trainer of the course. The account must
 * exist and already have the trainer (or administrator) role: a learner is refused with a message
 * that says so, and the administrator changes the role on the person's page (audited there).
 */
export async function assignTrainer(input: {
  actorId: string
  courseId: string
  email: string
}): Promise<TrainerResult> {
  return prisma.$transaction(async (tx): Promise<TrainerResult> => {
    const course = await tx.course.findUnique({ where: { id: input.courseId }, select: { id: true } })
    if (!course) return { ok: false, error: 'course' }
    const user = await tx.user.findFirst({
      where: { email: input.email, deletedAt: null },
      select: { id: true, email: true, role: true },
    })
    if (!user) return { ok: false, error: 'no-account' }
    if (!TEACHING_ROLES.includes(user.role)) return { ok: false, error: 'learner' }
    // ON CONFLICT DO NOTHING: two administrators assigning the same person at once add one row, and
    // the second is told it is already there (a failed INSERT would abort the transaction).
    const added = await tx.$executeRaw`
      INSERT INTO "CourseTrainer" ("courseId", "userId", "assignedById")
      VALUES (${course.id}, ${user.id}, ${input.actorId})
      ON CONFLICT ("courseId", "userId") DO NOTHING`
    if (added === 0) return { ok: false, error: 'already-assigned' }
    await audit(tx, {
      actorId: input.actorId,
      action: 'course.trainer.assign',
      subject: `course:${course.id}`,
      data: { userId: user.id, email: user.email },
    })
    return { ok: true, userId: user.id }
  })
}

/** An administrator takes a trainer off a course. */
export async function removeTrainer(input: {
  actorId: string
  courseId: string
  userId: string
}): Promise<TrainerResult> {
  return prisma.$transaction(async (tx): Promise<TrainerResult> => {
    const course = await tx.course.findUnique({ where: { id: input.courseId }, select: { id: true } })
    if (!course) return { ok: false, error: 'course' }
    const removed = await tx.courseTrainer.deleteMany({ where: { courseId: course.id, userId: input.userId } })
    if (removed.count === 0) return { ok: false, error: 'not-assigned' }
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } })
    await audit(tx, {
      actorId: input.actorId,
      action: 'course.trainer.remove',
      subject: `course:${course.id}`,
      data: { userId: input.userId, email: user.email },
    })
    return { ok: true, userId: input.userId }
  })
}

/**
 * Applies each course's `trainers:` list from course.yaml as a change against the list that last
 * took effect (Course.fileEmails), never as the whole truth:
 * - an e-mail that joined the file's list is assigned, if its account exists with the trainer or
 *   administrator role; otherwise it stays pending and is tried again at the next start (the
 *   administrator can assign it in the console meanwhile);
 * - an e-mail that left the file's list is removed from the course;
 * - a file whose list did not change changes nothing: an assignment made or removed in the console
 *   stays as the administrator left it.
 * Each assignment and removal is audited with no actor and `source: 'files'`. Runs after the Course
 * rows exist (syncCatalogue); the courses' rows are locked, so two nodes starting together apply a
 * change once.
 */
export async function applyFileTrainers(db: PrismaClient, manifest: Manifest) {
  for (const course of manifest.courses) {
    const listed = [...new Set(course.trainers.map((e) => e.trim().toLowerCase()))]
    await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ fileEmails: string[] | null }>>`
        SELECT "fileEmails" FROM "Course" WHERE id = ${course.id} FOR UPDATE`
      if (!rows[0]) return
      const applied = rows[0].fileEmails ?? []
      const joined = listed.filter((e) => !applied.includes(e))
      const left = applied.filter((e) => !listed.includes(e))
      if (joined.length === 0 && left.length === 0) return
      const users = await tx.user.findMany({
        where: { email: { in: [...joined, ...left] }, deletedAt: null },
        select: { id: true, email: true, role: true },
      })
      const byEmail = new Map(users.map((u) => [u.email, u]))
      const taken: string[] = []
      for (const email of joined) {
        const user = byEmail.get(email)
        if (!user || !TEACHING_ROLES.includes(user.role)) continue
        taken.push(email)
        const added = await tx.$executeRaw`
          INSERT INTO "CourseTrainer" ("courseId", "userId") VALUES (${course.id}, ${user.id})
          ON CONFLICT ("courseId", "userId") DO NOTHING`
        if (added) {
          await audit(tx, {
            actorId: null,
            action: 'course.trainer.assign',
            subject: `course:${course.id}`,
            data: { userId: user.id, email, source: 'files' },
          })
        }
      }
      for (const email of left) {
        const user = byEmail.get(email)
        if (!user) continue
        const removed = await tx.courseTrainer.deleteMany({ where: { courseId: course.id, userId: user.id } })
        if (removed.count) {
          await audit(tx, {
            actorId: null,
            action: 'course.trainer.remove',
            subject: `course:${course.id}`,
            data: { userId: user.id, email, source: 'files' },
          })
        }
      }
      const next = [...applied.filter((e) => listed.includes(e)), ...taken]
      await tx.course.update({ where: { id: course.id }, data: { fileEmails: next }, select: { id: true } })
    })
  }
}
