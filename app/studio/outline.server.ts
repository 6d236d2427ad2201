// A course's outline draft (ADR 034 §3b): lessons added in the Studio and the order of lessons and
// modules, saved as one JSON row per course with the same stale-revision rule as a lesson's draft.
// A new lesson's texts are LessonDraft rows (both languages, created with it); the outline only
// says where it goes. Lesson ids ("<module>/<lesson>") never change: a reorder changes only the
// NN- prefixes of the files, and a lesson never moves to another module.
import { parseDocument, stringify } from 'yaml'
import { z } from 'zod'
import { LOCALES, readLessonFile, type CourseSource, type LessonSource, type Locale } from '#app/content/load.server.ts'
import { newLessonText } from '#app/content/scaffold.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { MAX_OUTLINE_SUMMARY_LENGTH, MAX_OUTLINE_TITLE_LENGTH } from '#app/utils/limits.ts'
import { FORM_ERROR, intent, SLUG_PATTERN, textSchema } from '#app/utils/validation.ts'
import { RevisionSchema } from './drafts.server.ts'

const Slug = z.string().max(80).regex(SLUG_PATTERN)

/** What the outline draft holds (parsed when read: a row written by an older release still reads). */
export const OutlineDataSchema = z.object({
  /** Lessons added in the Studio, in the order they were added. */
  added: z.array(z.object({ module: Slug, slug: Slug })).default([]),
  /** Per module whose order changed: its lessons' slugs in the new order. */
  lessonOrder: z.record(Slug, z.array(Slug)).default({}),
  /** The modules' slugs in the new order, when it changed. */
  moduleOrder: z.array(Slug).nullable().default(null),
  /**
   * Modules added in the Studio, in the order they were added, with their summaries; their titles
   * and status are in `modules` (a new module starts as a draft).
   */
  addedModules: z.array(z.object({ slug: Slug, summary: z.object({ en: z.string(), es: z.string() }) })).default([]),
  /** Per module edited or added: its titles and whether it is a draft (written to its module.yaml). */
  modules: z
    .record(
      Slug,
      z.object({ title: z.object({ en: z.string(), es: z.string() }), status: z.enum(['draft', 'published']) }),
    )
    .default({}),
})
export type OutlineData = z.infer<typeof OutlineDataSchema>
export const EMPTY_OUTLINE: OutlineData = {
  added: [],
  addedModules: [],
  lessonOrder: {},
  moduleOrder: null,
  modules: {},
}

export function isEmptyOutline(data: OutlineData): boolean {
  return (
    !data.added.length &&
    !data.addedModules.length &&
    !Object.keys(data.lessonOrder).length &&
    !data.moduleOrder &&
    !Object.keys(data.modules).length
  )
}

/** A slug typed by a trainer: lower-case words with hyphens (the course format's rule). */
const NewSlugSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:invalid' })
  .trim()
  .min(1, 'validation:required')
  .max(80, 'studio:outline.errors.slug')
  .regex(SLUG_PATTERN, 'studio:outline.errors.slug')

const ChosenSlug = z
  .string({ required_error: FORM_ERROR, invalid_type_error: FORM_ERROR })
  .max(80, FORM_ERROR)
  .regex(SLUG_PATTERN, FORM_ERROR)
// Any whole number is read; whether the module or course has that position is the domain's check (a 400).
const Position = z.coerce
  .number({ invalid_type_error: 'studio:outline.errors.position' })
  .int('studio:outline.errors.position')
  .min(-1_000_000, 'studio:outline.errors.position')
  .max(1_000_000, 'studio:outline.errors.position')
const TitleSchema = textSchema(MAX_OUTLINE_TITLE_LENGTH)

export const AddLessonSchema = z.object({
  intent: intent('add-lesson'),
  revision: RevisionSchema,
  module: ChosenSlug,
  slug: NewSlugSchema,
  titleEn: TitleSchema,
  titleEs: TitleSchema,
})
const SummarySchema = textSchema(MAX_OUTLINE_SUMMARY_LENGTH)

export const AddModuleSchema = z.object({
  intent: intent('add-module'),
  revision: RevisionSchema,
  slug: NewSlugSchema,
  titleEn: TitleSchema,
  titleEs: TitleSchema,
  summaryEn: SummarySchema,
  summaryEs: SummarySchema,
})
export const MoveLessonSchema = z.object({
  intent: intent('move-lesson'),
  revision: RevisionSchema,
  module: ChosenSlug,
  lesson: ChosenSlug,
  position: Position,
})
export const MoveModuleSchema = z.object({
  intent: intent('move-module'),
  revision: RevisionSchema,
  module: ChosenSlug,
  position: Position,
})
export const EditModuleSchema = z.object({
  intent: intent('edit-module'),
  revision: RevisionSchema,
  module: ChosenSlug,
  titleEn: TitleSchema,
  titleEs: TitleSchema,
  status: z.enum(['draft', 'published'], { errorMap: () => ({ message: FORM_ERROR }) }),
})

export type OutlineError = 'stale' | 'duplicate' | 'duplicate-module' | 'position' | 'unknown'
export const OUTLINE_ERRORS: ErrorTable<OutlineError> = {
  stale: { status: 409, message: 'studio:outline.errors.stale' },
  duplicate: { status: 400, message: 'studio:outline.errors.duplicate' },
  'duplicate-module': { status: 400, message: 'studio:outline.errors.duplicateModule' },
  position: { status: 400, message: 'studio:outline.errors.position' },
  unknown: { status: 404, message: 'studio:outline.errors.unknown' },
}

type Result = { ok: true; revision: number } | { ok: false; error: OutlineError }

export type OutlineDraft = { data: OutlineData; revision: number }

/** The course's outline draft (revision 0 and nothing changed when there is none). */
export async function readOutline(courseId: string, db: Prisma.TransactionClient = prisma): Promise<OutlineDraft> {
  const row = await db.courseOutlineDraft.findUnique({ where: { courseId }, select: { data: true, revision: true } })
  if (!row) return { data: EMPTY_OUTLINE, revision: 0 }
  const parsed = OutlineDataSchema.safeParse(row.data)
  return { data: parsed.success ? parsed.data : EMPTY_OUTLINE, revision: row.revision }
}

/** Writes the outline if `baseRevision` is still its revision (one statement decides, as saveDraft). */
async function writeOutline(
  db: Prisma.TransactionClient,
  courseId: string,
  baseRevision: number,
  data: OutlineData,
  userId: string,
): Promise<number | null> {
  const json = data as unknown as Prisma.InputJsonValue
  if (baseRevision === 0) {
    const created = await db.courseOutlineDraft.createManyAndReturn({
      data: [{ courseId, data: json, revision: 1, updatedById: userId }],
      skipDuplicates: true,
      select: { revision: true },
    })
    return created[0]?.revision ?? null
  }
  const updated = await db.courseOutlineDraft.updateManyAndReturn({
    where: { courseId, revision: baseRevision },
    data: { data: json, revision: { increment: 1 }, updatedById: userId },
    select: { revision: true },
  })
  return updated[0]?.revision ?? null
}

export type OutlineLesson = { id: string; slug: string; added: boolean }
export type OutlineModule = {
  slug: string
  dirName: string
  oldDirName: string
  lessons: OutlineLesson[]
  /** The titles and status as they will be published (the outline's edit, else module.yaml). */
  title: Record<Locale, string>
  status: 'draft' | 'published'
  edited: boolean
  /** Added in the Studio (no folder yet): its summaries, written with its module.yaml. */
  added: boolean
  summary: Record<Locale, string> | null
}

const pad = (n: number) => String(n).padStart(2, '0')
const basename = (dir: string) => dir.split(/[\\/]/).pop()!

/** Items of `all` in the order `order` names them, then the rest in their own order. */
function ordered<T>(all: T[], key: (t: T) => string, order: string[] | null | undefined): T[] {
  if (!order) return all
  const rank = new Map(order.map((slug, i) => [slug, i]))
  const listed = all.filter((t) => rank.has(key(t))).sort((a, b) => rank.get(key(a))! - rank.get(key(b))!)
  return [...listed, ...all.filter((t) => !rank.has(key(t)))]
}

/** The course as it will be once the outline draft is published: modules and lessons in order. */
export function outlineOf(source: CourseSource, data: OutlineData): OutlineModule[] {
  const modules = [
    ...source.modules.map((m) => ({ slug: m.slug, meta: m.meta, dir: m.dir, lessons: m.lessons, added: false })),
    // A module added in the Studio (published meanwhile: listed once, as published).
    ...data.addedModules
      .filter((a) => !source.modules.some((m) => m.slug === a.slug))
      .map((a) => ({ slug: a.slug, meta: null, dir: '', lessons: [] as LessonSource[], added: true })),
  ]
  return ordered(modules, (m) => m.slug, data.moduleOrder).map((m, i) => {
    const lessons: OutlineLesson[] = [
      ...m.lessons.map((l) => ({ id: l.id, slug: l.slug, added: false })),
      // An added lesson published meanwhile (an outline changed after its review) is listed once.
      ...data.added
        .filter((a) => a.module === m.slug && !m.lessons.some((l) => l.slug === a.slug))
        .map((a) => ({ id: `${a.module}/${a.slug}`, slug: a.slug, added: true })),
    ]
    const edit = data.modules[m.slug]
    return {
      slug: m.slug,
      title: edit?.title ?? { en: m.meta?.title.en ?? m.slug, es: m.meta?.title.es ?? m.slug },
      // A new module is a draft until a trainer says learners see it.
      status: edit?.status ?? m.meta?.status ?? (m.added ? 'draft' : 'published'),
      edited: Boolean(edit),
      added: m.added,
      summary: m.added ? (data.addedModules.find((a) => a.slug === m.slug)?.summary ?? null) : null,
      oldDirName: m.added ? '' : basename(m.dir),
      dirName: `${pad(i + 1)}-${m.slug}`,
      lessons: ordered(lessons, (l) => l.slug, data.lessonOrder[m.slug]),
    }
  })
}

/** A lesson's file path in the course folder once the outline is published (null: no such lesson). */
export function outlineLessonPath(outline: OutlineModule[], lessonId: string, locale: Locale): string | null {
  for (const m of outline) {
    const index = m.lessons.findIndex((l) => l.id === lessonId)
    if (index >= 0) return `${m.dirName}/${pad(index + 1)}-${m.lessons[index]!.slug}.${locale}.mdx`
  }
  return null
}

/** Whether the lesson was added in the Studio (in the outline draft, not yet published). */
export function addedLesson(data: OutlineData, moduleSlug: string, lessonSlug: string): boolean {
  return data.added.some((a) => a.module === moduleSlug && a.slug === lessonSlug)
}

/**
 * The published files renamed to the outline's order: module folders and lesson files get their
 * new NN- prefixes (their slugs, and so the lesson ids, stay). New lessons' files are written by
 * the publish job from their reviewed texts.
 */
export function applyOutline(
  files: Map<string, Buffer>,
  source: CourseSource,
  outline: OutlineModule[],
): Map<string, Buffer> {
  const renames = new Map<string, string>()
  for (const m of outline) {
    const mod = source.modules.find((s) => s.slug === m.slug)
    if (!mod) continue
    m.lessons.forEach((l, i) => {
      const old = mod.lessons.find((s) => s.id === l.id)
      if (old) renames.set(`${m.oldDirName}/${pad(old.order)}-${old.slug}.`, `${m.dirName}/${pad(i + 1)}-${old.slug}.`)
    })
  }
  const dirs = new Map(outline.filter((m) => !m.added).map((m) => [`${m.oldDirName}/`, `${m.dirName}/`]))
  const result = new Map<string, Buffer>()
  for (const [rel, bytes] of files) {
    const lesson = [...renames].find(([from]) => rel.startsWith(from))
    const dir = [...dirs].find(([from]) => rel.startsWith(from))
    const to = lesson ? lesson[1] + rel.slice(lesson[0].length) : dir ? dir[1] + rel.slice(dir[0].length) : rel
    result.set(to, bytes)
  }
  // Edited modules: their titles and status written into module.yaml (comments and the rest kept).
  for (const m of outline) {
    const file = `${m.dirName}/module.yaml`
    // A new module's module.yaml, in the course format's order (title, summary, status).
    if (m.added && m.summary) {
      result.set(file, Buffer.from(stringify({ title: m.title, summary: m.summary, status: m.status }), 'utf8'))
      continue
    }
    const bytes = result.get(file)
    if (!m.edited || !bytes) continue
    const doc = parseDocument(bytes.toString('utf8'))
    doc.setIn(['title', 'en'], m.title.en)
    doc.setIn(['title', 'es'], m.title.es)
    doc.set('status', m.status)
    result.set(file, Buffer.from(doc.toString(), 'utf8'))
  }
  return result
}

/** A readable list of what the outline changes, for the review page (titles looked up by the caller). */
export type OutlineChange =
  | { kind: 'added'; lessonId: string; module: number }
  | { kind: 'lessons'; module: number; moduleSlug: string; lessons: string[] }
  | { kind: 'modules'; modules: string[] }
  | { kind: 'module'; module: number; title: Record<Locale, string>; status: 'draft' | 'published' }
  | { kind: 'new-module'; module: number; title: Record<Locale, string>; status: 'draft' | 'published' }

export function outlineChanges(source: CourseSource, data: OutlineData): OutlineChange[] {
  const outline = outlineOf(source, data)
  const changes: OutlineChange[] = []
  outline.forEach((m, i) => {
    for (const l of m.lessons) if (l.added) changes.push({ kind: 'added', lessonId: l.id, module: i + 1 })
    // Changed when the lessons are not the published ones with the new ones at the end.
    const natural = [
      ...(source.modules.find((s) => s.slug === m.slug)?.lessons.map((l) => l.id) ?? []),
      ...m.lessons.filter((l) => l.added).map((l) => l.id),
    ]
    const after = m.lessons.map((l) => l.id)
    if (natural.join() !== after.join())
      changes.push({ kind: 'lessons', module: i + 1, moduleSlug: m.slug, lessons: after })
  })
  outline.forEach((m, i) => {
    if (m.added) changes.push({ kind: 'new-module', module: i + 1, title: m.title, status: m.status })
    else if (m.edited) changes.push({ kind: 'module', module: i + 1, title: m.title, status: m.status })
  })
  // The order changed when the published modules are not in their order, or a new one is not last.
  const natural = [...source.modules.map((m) => m.slug), ...outline.filter((m) => m.added).map((m) => m.slug)]
  if (outline.map((m) => m.slug).join() !== natural.join())
    changes.push({ kind: 'modules', modules: outline.map((m) => m.slug) })
  return changes
}

/** A lesson's title in `lang` from its text (the draft's or the published file's frontmatter). */
export function titleOfText(text: string, locale: Locale): string | null {
  const title = readLessonFile('lesson', text, locale, []).frontmatter?.title
  return typeof title === 'string' && title ? title : null
}

/**
 * Adds a lesson at the end of a module: the outline draft names it, and its two texts (the new
 * lesson template, a draft with the given titles) are created as LessonDraft rows, in one
 * transaction. A slug the module already has (published, added, or with a draft) is refused.
 */
export async function addLesson(input: {
  source: CourseSource
  baseRevision: number
  moduleSlug: string
  slug: string
  titles: Record<Locale, string>
  userId: string
}): Promise<Result> {
  const { source, baseRevision, moduleSlug, slug, titles, userId } = input
  const courseId = source.slug
  const lessonId = `${moduleSlug}/${slug}`
  return prisma.$transaction(async (tx): Promise<Result> => {
    const current = await readOutline(courseId, tx)
    // A published module, or one added in the Studio.
    const mod = outlineOf(source, current.data).find((m) => m.slug === moduleSlug)
    if (!mod) return { ok: false, error: 'unknown' }
    if (current.revision !== baseRevision) return { ok: false, error: 'stale' }
    const taken =
      mod.lessons.some((l) => l.slug === slug) ||
      addedLesson(current.data, moduleSlug, slug) ||
      (await tx.lessonDraft.count({ where: { courseId, lessonId } })) > 0
    if (taken) return { ok: false, error: 'duplicate' }
    const data: OutlineData = { ...current.data, added: [...current.data.added, { module: moduleSlug, slug }] }
    // A module whose order was set keeps the new lesson at its end.
    if (data.lessonOrder[moduleSlug])
      data.lessonOrder = { ...data.lessonOrder, [moduleSlug]: [...data.lessonOrder[moduleSlug]!, slug] }
    const revision = await writeOutline(tx, courseId, baseRevision, data, userId)
    if (revision === null) return { ok: false, error: 'stale' }
    await tx.lessonDraft.createMany({
      data: LOCALES.map((locale) => ({
        courseId,
        lessonId,
        locale,
        source: newLessonText(locale, titles[locale]),
        revision: 1,
        updatedById: userId,
      })),
    })
    return { ok: true, revision }
  })
}

/**
 * Adds a module at the end of the course, as a draft (learners do not see it until a trainer says
 * so): its titles and summaries in the outline draft, its folder and module.yaml written when the
 * review is published. A slug the course already has (published or added) is refused.
 */
export async function addModule(input: {
  source: CourseSource
  baseRevision: number
  slug: string
  title: Record<Locale, string>
  summary: Record<Locale, string>
  userId: string
}): Promise<Result> {
  const { source, baseRevision, slug, title, summary, userId } = input
  return prisma.$transaction(async (tx): Promise<Result> => {
    const current = await readOutline(source.slug, tx)
    if (current.revision !== baseRevision) return { ok: false, error: 'stale' }
    if (outlineOf(source, current.data).some((m) => m.slug === slug)) return { ok: false, error: 'duplicate-module' }
    const data: OutlineData = {
      ...current.data,
      addedModules: [...current.data.addedModules, { slug, summary }],
      modules: { ...current.data.modules, [slug]: { title, status: 'draft' } },
      // A course whose module order was set keeps the new module at its end.
      moduleOrder: current.data.moduleOrder ? [...current.data.moduleOrder, slug] : null,
    }
    const revision = await writeOutline(tx, source.slug, baseRevision, data, userId)
    return revision === null ? { ok: false, error: 'stale' } : { ok: true, revision }
  })
}

/**
 * Sets a module's titles and status in the outline draft (written to its module.yaml when
 * published); the same as what is published removes the edit.
 */
export async function editModule(input: {
  source: CourseSource
  baseRevision: number
  moduleSlug: string
  title: Record<Locale, string>
  status: 'draft' | 'published'
  userId: string
}): Promise<Result> {
  const { source, baseRevision, moduleSlug, title, status, userId } = input
  const mod = source.modules.find((m) => m.slug === moduleSlug)
  return prisma.$transaction(async (tx): Promise<Result> => {
    const current = await readOutline(source.slug, tx)
    const added = current.data.addedModules.some((a) => a.slug === moduleSlug)
    if (!mod && !added) return { ok: false, error: 'unknown' }
    if (current.revision !== baseRevision) return { ok: false, error: 'stale' }
    const modules = { ...current.data.modules }
    // A new module keeps its entry (its titles are only there); a published one's edit equal to
    // its module.yaml is no edit.
    const same =
      !added &&
      mod?.meta?.title.en === title.en &&
      mod.meta.title.es === title.es &&
      (mod.meta.status ?? 'published') === status
    if (same) delete modules[moduleSlug]
    else modules[moduleSlug] = { title, status }
    const revision = await writeOutline(tx, source.slug, baseRevision, { ...current.data, modules }, userId)
    return revision === null ? { ok: false, error: 'stale' } : { ok: true, revision }
  })
}

/**
 * Moves a lesson to `position` (1 = first) within its module, or a module within the course. A
 * position the module (course) does not have is refused and nothing is saved.
 */
export async function moveItem(input: {
  source: CourseSource
  baseRevision: number
  moduleSlug: string
  lessonSlug: string | null
  position: number
  userId: string
}): Promise<Result> {
  const { source, baseRevision, moduleSlug, lessonSlug, position, userId } = input
  const courseId = source.slug
  return prisma.$transaction(async (tx): Promise<Result> => {
    const current = await readOutline(courseId, tx)
    if (current.revision !== baseRevision) return { ok: false, error: 'stale' }
    const outline = outlineOf(source, current.data)
    const mod = outline.find((m) => m.slug === moduleSlug)
    if (!mod) return { ok: false, error: 'unknown' }
    const slugs = lessonSlug === null ? outline.map((m) => m.slug) : mod.lessons.map((l) => l.slug)
    const from = slugs.indexOf(lessonSlug ?? moduleSlug)
    if (from < 0) return { ok: false, error: 'unknown' }
    if (position < 1 || position > slugs.length) return { ok: false, error: 'position' }
    const moved = [...slugs]
    moved.splice(from, 1)
    moved.splice(position - 1, 0, slugs[from]!)
    const data: OutlineData =
      lessonSlug === null
        ? { ...current.data, moduleOrder: moved }
        : { ...current.data, lessonOrder: { ...current.data.lessonOrder, [moduleSlug]: moved } }
    const revision = await writeOutline(tx, courseId, baseRevision, data, userId)
    return revision === null ? { ok: false, error: 'stale' } : { ok: true, revision }
  })
}
