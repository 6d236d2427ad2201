// Lesson drafts (ADR 034 §3): autosaved from the Studio's editor, one per lesson and language, seen
// only in the Studio. Each save names the revision it was based on; a save based on an older one
// (someone saved in between, in another tab or another trainer) changes nothing and answers who
// saved last and when, so no one's text is overwritten silently.
import { z } from 'zod'
import { MAX_MDX_BYTES } from '#app/content/mdx-safety.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { FORM_ERROR, intent, LocaleSchema } from '#app/utils/validation.ts'

// Control characters a lesson has no use for (NUL included, which PostgreSQL refuses); tabs and
// line breaks stay.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** A lesson file's text from the editor: at most the safety check's size, no control characters. */
export const LessonTextSchema = z
  .string({ invalid_type_error: 'validation:invalid' })
  .max(MAX_MDX_BYTES, 'studio:errors.tooLarge')
  .optional()
  .transform((value) => (value ?? '').replace(/\r\n?/g, '\n'))
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_MDX_BYTES, 'studio:errors.tooLarge')
  .refine((value) => !CONTROL.test(value), 'studio:errors.characters')

export const RevisionSchema = z.coerce
  .number({ invalid_type_error: FORM_ERROR })
  .int(FORM_ERROR)
  .min(0, FORM_ERROR)
  .max(1_000_000_000, FORM_ERROR)

export const SaveDraftSchema = z.object({
  intent: intent('save'),
  locale: LocaleSchema,
  revision: RevisionSchema,
  source: LessonTextSchema,
})

export type SaveDraft = z.output<typeof SaveDraftSchema>

export type DraftError = 'stale'
export const DRAFT_ERRORS: ErrorTable<DraftError> = {
  stale: { status: 409, message: 'studio:errors.stale' },
}

export type SaveResult =
  { ok: true; revision: number; updatedAt: Date } | { ok: false; error: DraftError; by: string | null; at: Date }

/**
 * Saves a lesson's draft in one language if `baseRevision` is the draft's current revision (0: there
 * is no draft yet). One statement decides, so two saves based on the same revision cannot both win.
 */
export async function saveDraft(input: {
  courseId: string
  lessonId: string
  locale: Lang
  source: string
  baseRevision: number
  userId: string
}): Promise<SaveResult> {
  const { courseId, lessonId, locale, source, baseRevision, userId } = input
  const key = { courseId, lessonId, locale }
  const select = { revision: true, updatedAt: true } as const
  return conditionalSave(baseRevision, {
    // Created only if no one created it first (the unique key), else stale.
    create: () =>
      prisma.lessonDraft.createManyAndReturn({
        data: [{ ...key, source, revision: 1, updatedById: userId }],
        skipDuplicates: true,
        select,
      }),
    update: () =>
      prisma.lessonDraft.updateManyAndReturn({
        where: { ...key, revision: baseRevision },
        data: { source, revision: { increment: 1 }, updatedById: userId },
        select,
      }),
    current: () =>
      prisma.lessonDraft.findUnique({
        where: { courseId_lessonId_locale: key },
        select: { updatedAt: true, updatedBy: { select: { displayName: true } } },
      }),
  })
}

/**
 * The one save rule of every Studio draft (a lesson's, a course file's): the first save creates
 * the row unless someone created it first; a later one updates it only where its revision is still
 * `baseRevision` (one statement decides). Otherwise the save is stale: who saved last, and when.
 */
export async function conditionalSave(
  baseRevision: number,
  ops: {
    create: () => Promise<Array<{ revision: number; updatedAt: Date }>>
    update: () => Promise<Array<{ revision: number; updatedAt: Date }>>
    current: () => Promise<{ updatedAt: Date; updatedBy: { displayName: string } | null } | null>
  },
): Promise<SaveResult> {
  const saved = (await (baseRevision === 0 ? ops.create() : ops.update()))[0]
  if (saved) return { ok: true, revision: saved.revision, updatedAt: saved.updatedAt }
  const current = await ops.current()
  return {
    ok: false,
    error: 'stale',
    by: current?.updatedBy?.displayName ?? null,
    at: current?.updatedAt ?? new Date(),
  }
}

/** Which lessons of a course have a draft, in which languages (the outline). */
export async function draftsOfCourse(courseId: string): Promise<Map<string, Lang[]>> {
  const rows = await prisma.lessonDraft.findMany({
    where: { courseId },
    select: { lessonId: true, locale: true },
  })
  const drafts = new Map<string, Lang[]>()
  for (const row of rows) drafts.set(row.lessonId, [...(drafts.get(row.lessonId) ?? []), row.locale as Lang])
  return drafts
}
