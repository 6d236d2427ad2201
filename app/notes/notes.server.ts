// A learner's private notes and bookmarks on lessons (ADR 024). One row per learner and lesson
// identity ("module/lesson"), whatever the language, like progress. Every function takes the
// learner's id from the session and puts it in the `where`: nobody reads or writes another's note.
import { z } from 'zod'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

/** Notes listed on the dashboard, most recent first. */
export const DASHBOARD_NOTES = 100

type Where = { userId: string; courseId: string; lessonId: string }

const NoteRow = z.object({ note: z.string(), bookmarked: z.boolean() })

/**
 * The learner's note and bookmark on a lesson (note, bookmarked), a column of the lesson page's one
 * statement (readLessonView), so hand-written (ADR 015); uses LessonNote_userId_courseId_lessonId_key.
 */
export function noteSql(userId: Prisma.Sql, courseId: string, lessonId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT note, bookmarked FROM "LessonNote"
    WHERE "userId" = ${userId} AND "courseId" = ${courseId} AND "lessonId" = ${lessonId}`
}

/** noteSql's row, parsed; an empty note without a bookmark when there is none. */
export function noteOf(row: unknown) {
  return row ? NoteRow.parse(row) : { note: '', bookmarked: false }
}

/** Writes the note (text) of a lesson; an empty note on a lesson that is not bookmarked removes the row. */
export async function saveNote(where: Where, note: string) {
  await write(where, { note })
}

/** Bookmarks a lesson, or removes the bookmark (the note stays). */
export async function setBookmark(where: Where, bookmarked: boolean) {
  await write(where, { bookmarked })
}

async function write(where: Where, change: { note?: string; bookmarked?: boolean }) {
  await prisma.$transaction(async (tx) => {
    const key = { userId_courseId_lessonId: where }
    const row = await tx.lessonNote.upsert({
      where: key,
      create: { ...where, ...change },
      update: change,
      select: { id: true, note: true, bookmarked: true },
    })
    if (!row.note && !row.bookmarked) await tx.lessonNote.delete({ where: { id: row.id }, select: { id: true } })
  })
}

/** The learner's notes and bookmarks for the dashboard, in `lang`, most recent first. */
export async function notesForDashboard(
  userId: string,
  lang: Lang,
  courseOf: (id: string) => ManifestCourse | undefined,
) {
  const rows = await prisma.lessonNote.findMany({
    where: { userId },
    orderBy: { updatedAt: 'desc' },
    take: DASHBOARD_NOTES,
    select: { courseId: true, lessonId: true, note: true, bookmarked: true, updatedAt: true },
  })
  return rows.flatMap((row) => {
    const course = courseOf(row.courseId)
    const lesson = course?.modules.flatMap((m) => m.lessons).find((l) => l.id === row.lessonId)
    // A lesson removed from its course since: nothing to link to.
    if (!course || !lesson) return []
    return [
      {
        courseId: course.id,
        lessonId: lesson.id,
        courseTitle: course.title[lang],
        lessonTitle: lesson.locales[lang].title,
        href: `/${lang}/courses/${course.id}/${lesson.id}`,
        note: row.note,
        bookmarked: row.bookmarked,
        updatedAt: row.updatedAt.toISOString(),
      },
    ]
  })
}
