// The publish job of a review (ADR 034 §3a), run by the job runner, never on a request: the
// published version's source files with the reviewed texts laid over them, each reviewed text first
// checked and compiled in the compile worker (time and memory limits), then the whole course built
// by the build's own pipeline (buildContent, as courses:build and importCourses use it) and recorded
// with publishCourse (source 'studio', based on the review's version). A problem, or a version that
// moved since the review was submitted, returns the review with the reason; nothing is published.
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildContent } from '#app/content/build.server.ts'
import { CONTENT_BUILD_DIR } from '#app/content/catalog.server.ts'
import { compileUntrusted } from '#app/content/compile-untrusted.server.ts'
import { type Locale, type Problem } from '#app/content/load.server.ts'
import { defaultConvention } from '#app/content/numbers.ts'
import {
  lessonFilesOf,
  publishCourse,
  readBlobs,
  readVersionFiles,
  VersionError,
  writeSourceFiles,
} from '#app/content/versions.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { type JobRun } from '#app/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { isStudioFilePath, maxStudioFileBytes, sourceWithFiles } from './file-drafts.server.ts'
import { applyOutline, EMPTY_OUTLINE, OutlineDataSchema, outlineLessonPath, outlineOf } from './outline.server.ts'
import { fileList, lessonList, reviewTexts } from './reviews.server.ts'
import { compileCourse, lessonFileName, studioVersion } from './studio.server.ts'

/** Why a publish was refused; the review page translates the code and lists the problems. */
export type RefusalCode = 'base-moved' | 'problems' | 'unchanged' | 'unknown-lesson' | 'failed'
export type Refusal = { code: RefusalCode; problems: Array<Pick<Problem, 'file' | 'line' | 'message' | 'code'>> }

/** Thrown when the compile worker is busy: the job fails and the runner retries it. */
class Busy extends Error {}

/**
 * Runs the publish of a review. An unexpected failure fails the job (the runner retries it); on the
 * job's last attempt the review is returned as `failed` first, so the course is not left with a
 * review stuck in "publishing" (which would block the next submit).
 */
export async function publishReview(reviewId: string, run: JobRun = {}): Promise<void> {
  try {
    await publish(reviewId)
  } catch (error) {
    if (run.lastAttempt)
      await prisma.contentReview.updateMany({
        where: { id: reviewId, status: 'publishing' },
        data: { status: 'returned', refusal: { code: 'failed', problems: [] } },
      })
    throw error
  }
}

async function publish(reviewId: string): Promise<void> {
  const review = await prisma.contentReview.findUnique({
    where: { id: reviewId },
    select: {
      status: true,
      courseId: true,
      baseNumber: true,
      decidedById: true,
      submittedById: true,
      outline: true,
      outlineRevision: true,
      items: { select: { lessonId: true, locale: true, revision: true, sha256: true } },
      files: { select: { path: true, revision: true, sha256: true } },
    },
  })
  // Already published or returned (a job run twice): nothing to do.
  if (!review || review.status !== 'publishing') return
  const { courseId, baseNumber } = review
  const refuse = async (refusal: Refusal) => {
    await prisma.contentReview.updateMany({
      where: { id: reviewId, status: 'publishing' },
      data: { status: 'returned', refusal: refusal as unknown as Prisma.InputJsonValue },
    })
    logger.info({ reviewId, course: courseId, code: refusal.code }, 'studio publish refused')
  }

  const base = await studioVersion(courseId).catch(() => null)
  if (!base || base.number !== baseNumber) return refuse({ code: 'base-moved', problems: [] })
  const version = await prisma.courseVersion.findUniqueOrThrow({
    where: { id: base.id },
    select: { sourceFiles: true },
  })
  // The outline draft as reviewed (ADR 034 §3b): files renamed to the new order first, so each
  // reviewed text, a new lesson's included, goes to its path in the new outline.
  const outline = outlineOf(base.source, review.outline ? OutlineDataSchema.parse(review.outline) : EMPTY_OUTLINE)
  const files = applyOutline(
    await readVersionFiles(prisma, version.sourceFiles as Record<string, string>),
    base.source,
    outline,
  )
  const texts = await reviewTexts(review.items)
  // The reviewed course files (quizzes, glossary, datasets, images; ADR 034 §3c): the lessons are
  // checked against the course with them, and they are laid over (or deleted) before the build.
  const fileBytes = await readBlobs(
    prisma,
    review.files.flatMap((f) => (f.sha256 ? [f.sha256] : [])),
  )
  for (const f of review.files) {
    if (!isStudioFilePath(f.path)) throw new Error(`not a Studio file path: ${f.path}`)
    const bytes = f.sha256 ? fileBytes.get(f.sha256) : null
    if (f.sha256 && !bytes) throw new Error(`blob ${f.sha256} of ${f.path} is missing`)
    if (bytes && bytes.length > maxStudioFileBytes(f.path))
      return refuse({ code: 'problems', problems: [{ file: f.path, message: 'the file is too large' }] })
    if (bytes) files.set(f.path, bytes)
    else files.delete(f.path)
  }
  // Read (as loadCourse reads a folder) only once their sizes are known to be within the limits.
  const checked = review.files.length
    ? await sourceWithFiles(courseId, version.sourceFiles as Record<string, string>, review.files)
    : base.source
  // New lessons are known to the compile check of every reviewed text (links to them).
  const lessonIds = outline.flatMap((m) => m.lessons.map((l) => l.id))

  // Each reviewed text through the compile worker first: the untrusted-MDX rules and the compiler's
  // checks, with the worker's limits, before anything compiles in this process.
  const problems: Problem[] = []
  for (const item of review.items) {
    const locale = item.locale as Locale
    const rel = outlineLessonPath(outline, item.lessonId, locale)
    if (!rel) return refuse({ code: 'unknown-lesson', problems: [{ file: item.lessonId, message: 'no such lesson' }] })
    const text = texts.get(item.sha256) ?? ''
    const answer = await compileUntrusted({
      source: text,
      file: lessonFileName(courseId, item.lessonId, locale),
      locale,
      convention: defaultConvention(locale),
      course: { ...compileCourse(checked, locale), lessonIds },
    })
    if (answer.problems.some((p) => p.code === 'busy')) throw new Busy('the compile worker is busy')
    problems.push(...answer.problems)
    files.set(rel, Buffer.from(text, 'utf8'))
  }
  if (problems.length) return refuse({ code: 'problems', problems: problems.map(problemOf) })

  // The whole course as the build makes it, in a folder of its own (removed after).
  const work = mkdtempSync(path.join(os.tmpdir(), 'aula-publish-'))
  try {
    const root = path.join(work, 'courses')
    const outDir = path.join(work, 'build')
    writeSourceFiles(path.join(root, courseId), files)
    seedLessonCache(path.join(outDir, 'lessons'))
    const build = await buildContent({ root, outDir })
    const course = build.manifest.courses.find((c) => c.id === courseId)
    if (build.problems.length || !course) {
      const relative = (p: Problem) => ({ ...p, file: path.relative(root, path.resolve(p.file)) })
      return refuse({ code: 'problems', problems: build.problems.map(relative).map(problemOf) })
    }
    const lessonHtml = new Map(
      lessonFilesOf(course).map((f) => [f, readFileSync(path.join(outDir, 'lessons', f))] as const),
    )
    const result = await publishCourse(prisma, {
      course,
      lessonHtml,
      sourceFiles: files,
      source: 'studio',
      baseNumber,
      actorId: review.decidedById,
      auditData: {
        reviewId,
        submittedById: review.submittedById ?? '',
        lessons: lessonList(review.items),
        files: fileList(review.files),
      },
      onPublished: async (tx, number) => {
        await tx.contentReview.update({
          where: { id: reviewId },
          data: { status: 'published', publishedNumber: number },
          select: { id: true },
        })
        // The drafts published, unless edited after they were submitted (those stay drafts).
        if (review.items.length)
          await tx.lessonDraft.deleteMany({
            where: {
              courseId,
              OR: review.items.map((i) => ({ lessonId: i.lessonId, locale: i.locale, revision: i.revision })),
            },
          })
        if (review.files.length)
          await tx.courseFileDraft.deleteMany({
            where: { courseId, OR: review.files.map((f) => ({ path: f.path, revision: f.revision })) },
          })
        // The outline draft too, unless changed after it was submitted.
        if (review.outlineRevision !== null)
          await tx.courseOutlineDraft.deleteMany({ where: { courseId, revision: review.outlineRevision } })
      },
    })
    if (result.status === 'unchanged') return refuse({ code: 'unchanged', problems: [] })
    logger.info({ reviewId, course: courseId, number: result.number }, 'studio review published')
  } catch (error) {
    if (error instanceof VersionError && error.code === 'stale-base')
      return refuse({ code: 'base-moved', problems: [] })
    throw error
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * The node's own build (content-build/lessons) as the publish build's starting cache: its artefacts
 * are content-addressed (the lesson's text, the compiler, the renderer, the course's ids, glossary
 * and datasets), so a lesson the review did not change is not compiled again; only the changed
 * ones are. Linked (copied across file systems); the build only adds and removes in its own folder.
 */
function seedLessonCache(lessonsDir: string) {
  const from = path.join(CONTENT_BUILD_DIR, 'lessons')
  if (!existsSync(from)) return
  mkdirSync(lessonsDir, { recursive: true })
  for (const name of readdirSync(from)) {
    if (!/\.(html|meta\.json)$/.test(name)) continue
    try {
      linkSync(path.join(from, name), path.join(lessonsDir, name))
    } catch {
      copyFileSync(path.join(from, name), path.join(lessonsDir, name))
    }
  }
}

function problemOf(p: Problem) {
  return { file: p.file, ...(p.line ? { line: p.line } : {}), message: p.message, ...(p.code ? { code: p.code } : {}) }
}
