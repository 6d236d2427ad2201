// The Studio's view of a course (ADR 034 §3): what the editor starts from and what a lesson written
// in the browser may refer to. Both come from the course's published version (its source files,
// ContentBlob rows), read as the build reads a course folder (loadCourse), so files and the
// browser meet in one place: the version.
import { mkdirSync, mkdtempSync, renameSync, rmSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { invariantResponse } from '@epic-web/invariant'
import { type Params } from '@remix-run/react'
import { z } from 'zod'
import { requireRole, type SessionUser } from '#app/accounts/auth.server.ts'
import { isCourseStaff, isSlugParam } from '#app/content/access.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { type CompileCourse } from '#app/content/compile-worker.server.ts'
import { courseAssetUrls, glossaryPath } from '#app/content/course-urls.server.ts'
import { LOCALES, loadCourse, type CourseSource, type LessonSource, type Locale } from '#app/content/load.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { readVersionFiles, writeSourceFiles } from '#app/content/versions.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { FORM_ERROR, LocaleSchema } from '#app/utils/validation.ts'
import { LessonTextSchema } from './drafts.server.ts'
import { addedLesson, readOutline } from './outline.server.ts'
import { type SnippetIds } from './snippets.ts'

/** Where versions are written out as course folders for loadCourse (one folder per version, never changed). */
const VERSIONS_DIR = path.join(os.tmpdir(), `aula-studio-versions-${process.getuid?.() ?? 0}`)
/** Versions kept read in memory (a version never changes, so the key is its id). */
const MAX_CACHED_VERSIONS = 16
const sources = new Map<string, CourseSource>()

export type StudioVersion = { id: string; number: number; source: CourseSource }

/**
 * The course as last published: its current version's source files, read as loadCourse reads a
 * folder (or version `number`: what a review was based on). Cached by version id (immutable), so a
 * publish, import or rollback shows at once. A course with no version yet is a 404 (every start
 * imports the files as version 1).
 */
export async function studioVersion(courseId: string, number?: number): Promise<StudioVersion> {
  const version =
    number === undefined
      ? (
          await prisma.course.findUnique({
            where: { id: courseId },
            select: { currentVersion: { select: { id: true, number: true } } },
          })
        )?.currentVersion
      : await prisma.courseVersion.findUnique({
          where: { courseId_number: { courseId, number } },
          select: { id: true, number: true },
        })
  invariantResponse(version, 'Not found', { status: 404 })
  let source = sources.get(version.id)
  if (!source) {
    const files = await prisma.courseVersion.findUniqueOrThrow({
      where: { id: version.id },
      select: { sourceFiles: true },
    })
    source = await courseSourceOf(version.id, courseId, files.sourceFiles as Record<string, string>)
  }
  return { id: version.id, number: version.number, source }
}

/**
 * A course folder given as path -> blob hash, read by loadCourse and cached under `key` (a version's
 * id, or a hash of the files: the same key is always the same files). Written once to
 * `VERSIONS_DIR/<key>/<course>`.
 */
export async function courseSourceOf(
  key: string,
  courseId: string,
  sourceFiles: Record<string, string>,
): Promise<CourseSource> {
  let source = sources.get(key)
  if (!source) {
    const dir = await materialiseVersion(key, courseId, sourceFiles)
    source = loadCourse(dir, [], [])
    if (sources.size >= MAX_CACHED_VERSIONS) sources.delete(sources.keys().next().value!)
    sources.set(key, source)
  }
  return source
}

export async function studioCourseSource(courseId: string): Promise<CourseSource> {
  return (await studioVersion(courseId)).source
}

/** The version's files in `VERSIONS_DIR/<version id>/<course>`, written once (atomically: a rename). */
async function materialiseVersion(key: string, courseId: string, sourceFiles: Record<string, string>) {
  const dir = path.join(VERSIONS_DIR, key, courseId)
  if (existsSync(dir)) return dir
  const files = await readVersionFiles(prisma, sourceFiles)
  mkdirSync(path.dirname(dir), { recursive: true })
  const tmp = mkdtempSync(path.join(path.dirname(dir), '.tmp-'))
  writeSourceFiles(tmp, files)
  try {
    renameSync(tmp, dir)
  } catch (error) {
    // Another request wrote it first: theirs is the same files.
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(dir)) throw error
  }
  return dir
}

/** A lesson file's path within its course folder (`01-module/02-lesson.es.mdx`), existing or not yet written. */
export function lessonFilePath(source: CourseSource, lessonId: string, locale: Locale): string | null {
  const mod = source.modules.find((m) => m.lessons.some((l) => l.id === lessonId))
  const lesson = mod?.lessons.find((l) => l.id === lessonId)
  if (!mod || !lesson) return null
  return `${path.basename(mod.dir)}/${String(lesson.order).padStart(2, '0')}-${lesson.slug}.${locale}.mdx`
}

/** The courses this person may edit in the Studio: every course for an administrator, a trainer's own. */
export function editableCourses(user: SessionUser): ManifestCourse[] {
  return getManifest()
    .courses.filter((c) => isCourseStaff(user, c))
    .sort((a, b) => a.id.localeCompare(b.id))
}

/** The lesson's file text in one language ('' when that language has no file yet). */
export function publishedLessonText(source: CourseSource, lessonId: string, locale: Locale): string {
  const lesson = source.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId)
  return lesson?.files[locale]?.source ?? ''
}

/** What the compile worker needs to know of the course to check and render a lesson in `locale`. */
export function compileCourse(source: CourseSource, locale: Locale): CompileCourse {
  return {
    courseSlug: source.slug,
    lessonIds: source.modules.flatMap((m) => m.lessons.map((l) => l.id)),
    glossary: source.glossary,
    quizIds: [...source.quizzes.keys()],
    assets: [...courseAssetUrls(source)],
    datasets: [...source.datasets],
    glossaryHref: glossaryPath(locale, source.slug),
  }
}

/** The file name a lesson's problems are reported under, as courses:check names it. */
export function lessonFileName(courseId: string, lessonId: string, locale: Locale): string {
  const [moduleSlug, lessonSlug] = lessonId.split('/')
  return `${courseId}/${moduleSlug}/${lessonSlug}.${locale}.mdx`
}

export type EditorLesson = { locale: Locale; source: string; revision: number; draft: boolean }

/** Each language's text for the editor: the draft if there is one, else the published text. */
export async function editorLessons(source: CourseSource, lessonId: string): Promise<EditorLesson[]> {
  const drafts = await prisma.lessonDraft.findMany({
    where: { courseId: source.slug, lessonId },
    select: { locale: true, source: true, revision: true },
  })
  return LOCALES.map((locale) => {
    const draft = drafts.find((d) => d.locale === locale)
    return draft
      ? { locale, source: draft.source, revision: draft.revision, draft: true }
      : { locale, source: publishedLessonText(source, lessonId, locale), revision: 0, draft: false }
  })
}

/**
 * The guard of every Studio page and action that is about one lesson: a trainer of the course or an
 * administrator (anonymous: to the log-in; a learner or another course's trainer: 403), the course
 * and lesson in the address (else 404).
 */
export async function requireStudioLesson(request: Request, params: Params) {
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const source = await studioCourseSource(course.id)
  if (!isSlugParam(params.module) || !isSlugParam(params.lesson)) throw new Response('Not found', { status: 404 })
  const lessonId = `${params.module}/${params.lesson}`
  let lesson: LessonSource | undefined = source.modules
    .find((m) => m.slug === params.module)
    ?.lessons.find((l) => l.id === lessonId)
  // A lesson added in the Studio (in a published module or an added one) exists only in the
  // outline draft and its drafts until published.
  if (!lesson) {
    const outline = await readOutline(course.id)
    if (addedLesson(outline.data, params.module!, params.lesson!))
      lesson = { id: lessonId, slug: params.lesson!, order: 0, files: {} }
  }
  if (!lesson) throw new Response('Not found', { status: 404 })
  return { user, course, source, lesson }
}

/** A problem as the editor shows it: its line in the file, its code (translated) and the English message. */
export type EditorProblem = { line: number | null; code: string | null; message: string }

export const PreviewSchema = z.object({
  locale: LocaleSchema,
  convention: z.enum(['point', 'comma'], { errorMap: () => ({ message: FORM_ERROR }) }),
  source: LessonTextSchema,
})

/** The course's ids the toolbar's snippets use: the first glossary term, quiz, exercise, dataset and image. */
export function snippetIds(source: CourseSource): SnippetIds {
  const quizzes = [...source.quizzes.values()].map((q) => q.quiz)
  // A chart needs a numeric column for y: the first dataset that has one.
  const numeric = (c: { type: string }) => c.type === 'integer' || c.type === 'number'
  const dataset = [...source.datasets.values()].find((d) => d.columns.some(numeric))
  const y = dataset?.columns.find(numeric)
  return {
    glossary: Object.keys(source.glossary)[0] ?? null,
    quiz: quizzes.find((q) => q.kind !== 'exercise')?.id ?? null,
    exercise: quizzes.find((q) => q.kind === 'exercise')?.id ?? null,
    dataset: dataset && y ? { id: dataset.id, x: dataset.columns.find((c) => c !== y)!.name, y: y.name } : null,
    asset: source.assets[0] ?? null,
  }
}
