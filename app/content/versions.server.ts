// Published course versions (ADR 034 §2): the one place where the courses/ files and (later) the
// Studio meet. A version holds the course's manifest slice, its compiled lesson HTML and its source
// files, the bytes in content-addressed ContentBlob rows shared between versions. Publishing (an
// import from files, later a Studio publish) and rollback move Course.currentVersionId in one
// transaction with the audit event, then NOTIFY aula_content; every node reloads (live.server.ts).
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { audit } from '#app/audit/audit.server.ts'
import { type Prisma, type PrismaClient } from '#app/generated/prisma/client.ts'
import { applyFileTrainers } from '#app/teaching/trainers.server.ts'
import { type Problem } from './load.server.ts'
import { type Manifest, type ManifestCourse } from './manifest.ts'
import { courseRowData } from './sync.server.ts'

/** The channel every node LISTENs on; the payload is the course id. */
export const CONTENT_CHANNEL = 'aula_content'
/** In a course folder: the number of the version its files were exported from (written by export). */
export const VERSION_FILE = '.aula-version'

export type VersionSource = 'files' | 'studio'

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

/** A failure with a message for the operator or the Studio (no stack): refused imports, unknown versions. */
export class VersionError extends Error {
  constructor(
    message: string,
    readonly code: 'stale-base' | 'no-version' | 'no-course' | 'bad-version-file',
  ) {
    super(message)
  }
}

/**
 * The course folder's source files, path (with `/`) to bytes, sorted. Hidden files and folders
 * (`.aula-version`, `.DS_Store`, `.git`) are left out: they are not course content.
 */
export function readSourceFiles(courseDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue
      const full = path.join(dir, name)
      const rel = prefix ? `${prefix}/${name}` : name
      if (statSync(full).isDirectory()) walk(full, rel)
      else files.set(rel, readFileSync(full))
    }
  }
  walk(courseDir, '')
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The hash of a course's sources: every path with its bytes' SHA-256, in path order. */
export function sourceHashOf(files: Map<string, Buffer>): string {
  const lines = [...files.keys()].sort().map((p) => `${p}\0${sha256(files.get(p)!)}\n`)
  return sha256(lines.join(''))
}

/** The base version recorded in the course folder, or null when there is none. */
export function readBaseVersion(courseDir: string): number | null {
  const file = path.join(courseDir, VERSION_FILE)
  if (!existsSync(file)) return null
  const text = readFileSync(file, 'utf8').replace(/#.*$/gm, '').trim()
  if (!/^[1-9][0-9]{0,8}$/.test(text)) {
    throw new VersionError(`${file}: expected a version number, found "${text.slice(0, 40)}"`, 'bad-version-file')
  }
  return Number(text)
}

function writeBaseVersion(courseDir: string, number: number) {
  writeFileSync(
    path.join(courseDir, VERSION_FILE),
    `# The published version these files were exported from (npm run courses:export). Keep it in git:\n# an import refuses files based on a version older than one made in the Studio (ADR 034).\n${number}\n`,
  )
}

/** Every compiled lesson file a course's manifest names (both languages, every number convention). */
export function lessonFilesOf(course: ManifestCourse): string[] {
  const files = new Set<string>()
  for (const mod of course.modules)
    for (const lesson of mod.lessons)
      for (const locale of Object.values(lesson.locales)) {
        files.add(locale.html)
        for (const file of Object.values(locale.htmlByConvention ?? {})) files.add(file)
      }
  return [...files].sort()
}

function idsOf(course: ManifestCourse) {
  return {
    lessons: new Set(course.modules.flatMap((m) => m.lessons.map((l) => l.id))),
    quizzes: new Set(Object.keys(course.quizzes)),
  }
}

/**
 * Lesson and quiz ids the current version has and `next` drops, which learners have progress or
 * attempts on. Not refused (files stay the truth, and a rollback may need to go back past a lesson):
 * reported, logged and written in the audit event (ADR 034 §2).
 */
async function droppedWithLearnerData(
  tx: Prisma.TransactionClient,
  courseId: string,
  current: ManifestCourse | null,
  next: ManifestCourse,
): Promise<string[]> {
  if (!current) return []
  const before = idsOf(current)
  const after = idsOf(next)
  const lessons = [...before.lessons].filter((id) => !after.lessons.has(id))
  const quizzes = [...before.quizzes].filter((id) => !after.quizzes.has(id))
  const found: string[] = []
  if (lessons.length) {
    const rows = await tx.lessonProgress.groupBy({
      by: ['lessonId'],
      where: { courseId, lessonId: { in: lessons } },
    })
    found.push(...rows.map((r) => `lesson ${r.lessonId}`))
  }
  if (quizzes.length) {
    const rows = await tx.quizAttempt.groupBy({ by: ['quizId'], where: { courseId, quizId: { in: quizzes } } })
    found.push(...rows.map((r) => `quiz ${r.quizId}`))
  }
  return found.sort()
}

/** Stores bytes not stored yet (content-addressed, so concurrent imports agree); returns path -> sha256. */
export async function storeBlobs(prisma: PrismaClient, files: Map<string, Buffer>): Promise<Record<string, string>> {
  const byHash = new Map<string, Buffer>()
  const map: Record<string, string> = {}
  for (const [name, bytes] of files) {
    const hash = sha256(bytes)
    map[name] = hash
    byHash.set(hash, bytes)
  }
  const existing = new Set(
    (
      await prisma.contentBlob.findMany({ where: { sha256: { in: [...byHash.keys()] } }, select: { sha256: true } })
    ).map((b) => b.sha256),
  )
  const missing = [...byHash].filter(([hash]) => !existing.has(hash))
  // A few MB at most per course; in chunks so one statement stays small.
  for (let i = 0; i < missing.length; i += 50) {
    await prisma.contentBlob.createMany({
      data: missing
        .slice(i, i + 50)
        .map(([hash, bytes]) => ({ sha256: hash, bytes: new Uint8Array(bytes), size: bytes.length })),
      skipDuplicates: true,
    })
  }
  return map
}

export async function notifyContentChange(prisma: PrismaClient, courseId: string) {
  await prisma.$executeRaw`SELECT pg_notify(${CONTENT_CHANNEL}, ${courseId})`
}

export type PublishResult =
  | { status: 'created'; courseId: string; number: number; previous: number | null; droppedWithLearnerData: string[] }
  | { status: 'unchanged'; courseId: string; number: number }

/**
 * The one publishing pipeline: records `course` (compiled) with its lesson HTML and source files as
 * the course's next version and makes it current, unless its sources equal the current or the newest
 * version's (nothing new: a rollback stays rolled back while the files do not change). Files based on
 * a version older than a current Studio version are refused (browser edits are never overwritten).
 */
export async function publishCourse(
  prisma: PrismaClient,
  input: {
    course: ManifestCourse
    lessonHtml: Map<string, Buffer>
    sourceFiles: Map<string, Buffer>
    source: VersionSource
    baseNumber: number | null
    actorId?: string | null
    /** More for the audit event (a Studio publish: the review, who submitted it, the lessons changed). */
    auditData?: Record<string, Prisma.InputJsonValue>
    /** Runs in the publishing transaction once the version is current (a review marked published, its drafts deleted). */
    onPublished?: (tx: Prisma.TransactionClient, number: number) => Promise<void>
  },
): Promise<PublishResult> {
  const { course, source, baseNumber } = input
  const courseId = course.id
  const sourceHash = sourceHashOf(input.sourceFiles)
  const missing = lessonFilesOf(course).filter((f) => !input.lessonHtml.has(f))
  if (missing.length) throw new Error(`${courseId}: compiled lesson files missing: ${missing.join(', ')}`)
  // Blobs first, outside the transaction: content-addressed, so a failed publish leaves only unused bytes.
  const [lessonFiles, sourceFiles] = [
    await storeBlobs(prisma, input.lessonHtml),
    await storeBlobs(prisma, input.sourceFiles),
  ]
  const result = await prisma.$transaction(async (tx): Promise<PublishResult> => {
    // A new course's row (its catalogue fields are written below with the version). Not Prisma's upsert:
    // two nodes starting at once would both insert it, and one would fail on the key.
    await tx.$executeRaw`INSERT INTO "Course" (id) VALUES (${courseId}) ON CONFLICT (id) DO NOTHING`
    // One publisher per course at a time (two nodes starting together import once).
    await tx.$executeRaw`SELECT 1 FROM "Course" WHERE id = ${courseId} FOR UPDATE`
    const row = await tx.course.findUniqueOrThrow({
      where: { id: courseId },
      select: { currentVersion: { select: { number: true, source: true, sourceHash: true, manifest: true } } },
    })
    const current = row.currentVersion
    const latest = await tx.courseVersion.findFirst({
      where: { courseId },
      orderBy: { number: 'desc' },
      select: { number: true, sourceHash: true },
    })
    // The Studio publishes exactly onto the version its drafts were reviewed against: if another
    // publish, an import or a rollback moved the course since, the trainer must start again from it.
    if (source === 'studio' && (current?.number ?? null) !== baseNumber) {
      throw new VersionError(
        `${courseId}: not published. The review is based on version ${baseNumber}, and version ${current?.number ?? 'none'} is published now.`,
        'stale-base',
      )
    }
    if (current?.sourceHash === sourceHash) return { status: 'unchanged', courseId, number: current.number }
    if (current && latest?.sourceHash === sourceHash) return { status: 'unchanged', courseId, number: current.number }
    if (source === 'files' && current?.source === 'studio' && (baseNumber === null || baseNumber < current.number)) {
      throw new VersionError(
        `${courseId}: not imported. The published version ${current.number} was made in the Studio, and these files are based on ${baseNumber === null ? 'no recorded version' : `version ${baseNumber}`}. Run npm run courses:export -- ${courseId} to get version ${current.number} as files, apply your changes to them, and import again.`,
        'stale-base',
      )
    }
    const number = (latest?.number ?? 0) + 1
    const dropped = await droppedWithLearnerData(tx, courseId, (current?.manifest as ManifestCourse) ?? null, course)
    const version = await tx.courseVersion.create({
      data: {
        courseId,
        number,
        sourceHash,
        contentHash: course.contentHash,
        source,
        baseNumber,
        createdById: input.actorId ?? null,
        manifest: course as unknown as Prisma.InputJsonValue,
        lessonFiles,
        sourceFiles,
      },
      select: { id: true },
    })
    await tx.course.update({
      where: { id: courseId },
      data: { ...courseRowData(course), currentVersionId: version.id },
      select: { id: true },
    })
    await audit(tx, {
      actorId: input.actorId ?? null,
      action: source === 'files' ? 'content.version.import' : 'content.version.publish',
      subject: `course:${courseId}`,
      data: {
        number,
        previous: current?.number ?? null,
        baseNumber,
        sourceHash,
        contentHash: course.contentHash,
        ...(dropped.length ? { droppedWithLearnerData: dropped } : {}),
        ...input.auditData,
      },
    })
    await input.onPublished?.(tx, number)
    return { status: 'created', courseId, number, previous: current?.number ?? null, droppedWithLearnerData: dropped }
  })
  if (result.status === 'created') await notifyContentChange(prisma, courseId)
  return result
}

export type ImportReport = {
  created: Array<Extract<PublishResult, { status: 'created' }>>
  unchanged: Array<Extract<PublishResult, { status: 'unchanged' }>>
  refused: Array<{ courseId: string; message: string }>
}

/**
 * After a build: every course of `manifest` (compiled into `contentBuildDir`, sources in
 * `coursesDir/<id>`) through publishCourse. A course with build problems is not imported (its
 * manifest entry would lack the lessons that failed); it is reported as refused. Idempotent.
 */
export async function importCourses(
  prisma: PrismaClient,
  options: {
    manifest: Manifest
    coursesDir: string
    contentBuildDir: string
    problems?: Problem[]
    actorId?: string | null
  },
): Promise<ImportReport> {
  const report: ImportReport = { created: [], unchanged: [], refused: [] }
  for (const course of options.manifest.courses) {
    const courseDir = path.join(options.coursesDir, course.id)
    const problems = (options.problems ?? []).filter((p) =>
      path.resolve(p.file).startsWith(path.resolve(courseDir) + path.sep),
    )
    if (!existsSync(courseDir)) {
      report.refused.push({
        courseId: course.id,
        message: `${course.id}: not imported, its source folder ${courseDir} does not exist (is COURSES_DIR the folder the courses were built from?)`,
      })
      continue
    }
    if (problems.length) {
      report.refused.push({
        courseId: course.id,
        message: `${course.id}: not imported, ${problems.length} problem(s): run npm run courses:check`,
      })
      continue
    }
    try {
      const lessonHtml = new Map(
        lessonFilesOf(course).map((f) => [f, readFileSync(path.join(options.contentBuildDir, 'lessons', f))]),
      )
      const result = await publishCourse(prisma, {
        course,
        lessonHtml,
        sourceFiles: readSourceFiles(courseDir),
        source: 'files',
        baseNumber: readBaseVersion(courseDir),
        actorId: options.actorId,
      })
      if (result.status === 'created') report.created.push(result)
      else report.unchanged.push(result)
    } catch (error) {
      if (!(error instanceof VersionError)) throw error
      report.refused.push({ courseId: course.id, message: error.message })
    }
  }
  // course.yaml's `trainers:` of the courses imported, applied when that list changed (ADR 034 §2a).
  const refused = new Set(report.refused.map((r) => r.courseId))
  await applyFileTrainers(prisma, {
    ...options.manifest,
    courses: options.manifest.courses.filter((c) => !refused.has(c.id)),
  })
  return report
}

/**
 * Makes version `number` of the course current again (a rollback, or forward to a newer one), with
 * its audit event, then NOTIFY. The Studio calls this too, with the administrator as actor.
 */
export async function rollbackCourse(
  prisma: PrismaClient,
  input: { courseId: string; number: number; actorId?: string | null },
): Promise<{ changed: boolean; from: number | null; to: number; droppedWithLearnerData: string[] }> {
  const { courseId, number } = input
  const result = await prisma.$transaction(async (tx) => {
    const exists = await tx.course.findUnique({ where: { id: courseId }, select: { id: true } })
    if (!exists) throw new VersionError(`no course "${courseId}"`, 'no-course')
    await tx.$executeRaw`SELECT 1 FROM "Course" WHERE id = ${courseId} FOR UPDATE`
    const target = await tx.courseVersion.findUnique({
      where: { courseId_number: { courseId, number } },
      select: { id: true, manifest: true },
    })
    if (!target) throw new VersionError(`course "${courseId}" has no version ${number}`, 'no-version')
    const row = await tx.course.findUniqueOrThrow({
      where: { id: courseId },
      select: { currentVersion: { select: { id: true, number: true, manifest: true } } },
    })
    const current = row.currentVersion
    if (current?.id === target.id) return { changed: false, from: number, to: number, droppedWithLearnerData: [] }
    const manifest = target.manifest as unknown as ManifestCourse
    const dropped = await droppedWithLearnerData(
      tx,
      courseId,
      (current?.manifest as unknown as ManifestCourse) ?? null,
      manifest,
    )
    await tx.course.update({
      where: { id: courseId },
      data: { ...courseRowData(manifest), currentVersionId: target.id },
      select: { id: true },
    })
    await audit(tx, {
      actorId: input.actorId ?? null,
      action: 'content.version.rollback',
      subject: `course:${courseId}`,
      data: {
        from: current?.number ?? null,
        to: number,
        ...(dropped.length ? { droppedWithLearnerData: dropped } : {}),
      },
    })
    return { changed: true, from: current?.number ?? null, to: number, droppedWithLearnerData: dropped }
  })
  if (result.changed) await notifyContentChange(prisma, courseId)
  return result
}

/** Folders left empty by export (a module the version does not have); hidden ones are left alone. */
function removeEmptyFolders(dir: string) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (name.startsWith('.') || !statSync(full).isDirectory()) continue
    removeEmptyFolders(full)
    if (!readdirSync(full).length) rmSync(full, { recursive: true })
  }
}

/**
 * Writes a version's source files (default: the current one) into `outDir` in the courses/ format,
 * with its number in `.aula-version`. Files of `outDir` the version does not have are removed
 * (hidden ones kept), so the folder is exactly that version.
 */
export async function exportCourse(
  prisma: PrismaClient,
  input: { courseId: string; number?: number; outDir: string },
): Promise<{ number: number; files: number }> {
  const { courseId } = input
  const version = input.number
    ? await prisma.courseVersion.findUnique({
        where: { courseId_number: { courseId, number: input.number } },
        select: { number: true, sourceFiles: true },
      })
    : (
        await prisma.course.findUnique({
          where: { id: courseId },
          select: { currentVersion: { select: { number: true, sourceFiles: true } } },
        })
      )?.currentVersion
  if (!version) {
    throw new VersionError(
      input.number
        ? `course "${courseId}" has no version ${input.number}`
        : `course "${courseId}" has no published version`,
      input.number ? 'no-version' : 'no-course',
    )
  }
  const files = await readVersionFiles(prisma, version.sourceFiles as Record<string, string>)
  const outDir = path.resolve(input.outDir)
  mkdirSync(outDir, { recursive: true })
  if (existsSync(outDir)) {
    for (const rel of readSourceFiles(outDir).keys()) if (!files.has(rel)) rmSync(path.join(outDir, rel))
    removeEmptyFolders(outDir)
  }
  writeSourceFiles(outDir, files)
  writeBaseVersion(outDir, version.number)
  return { number: version.number, files: files.size }
}

/** Blobs by hash (ContentBlob), e.g. a review's submitted texts. */
export async function readBlobs(prisma: PrismaClient, hashes: string[]): Promise<Map<string, Buffer>> {
  const rows = await prisma.contentBlob.findMany({
    where: { sha256: { in: [...new Set(hashes)] } },
    select: { sha256: true, bytes: true },
  })
  return new Map(rows.map((b) => [b.sha256, Buffer.from(b.bytes)]))
}

/** A version's source files (its `sourceFiles`: path -> blob), path to bytes. */
export async function readVersionFiles(
  prisma: PrismaClient,
  sourceFiles: Record<string, string>,
): Promise<Map<string, Buffer>> {
  const blobs = await readBlobs(prisma, Object.values(sourceFiles))
  return new Map(
    Object.entries(sourceFiles).map(([rel, hash]) => {
      const bytes = blobs.get(hash)
      if (!bytes) throw new Error(`blob ${hash} of ${rel} is missing`)
      return [rel, bytes]
    }),
  )
}

/** Writes source files (path with `/` to bytes) under `dir`, refusing paths that would leave it. */
export function writeSourceFiles(dir: string, files: Map<string, Buffer>) {
  for (const [rel, bytes] of files) {
    if (rel.split('/').some((part) => part === '..' || part === '' || part.startsWith('.')))
      throw new Error(`unsafe path in version: ${rel}`)
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    writeFileSync(path.join(dir, rel), bytes)
  }
}

/** Stores texts as blobs (a review's snapshot of drafts); returns their hashes in order. */
export async function storeTexts(prisma: PrismaClient, texts: string[]): Promise<string[]> {
  const map = await storeBlobs(prisma, new Map(texts.map((text, i) => [String(i), Buffer.from(text, 'utf8')])))
  return texts.map((_, i) => map[String(i)]!)
}

type Log = {
  info: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
  error: (obj: object, msg: string) => void
}

/** One line per published or refused course, and a warning per dropped id learners have data on. */
export function logImportReport(logger: Log, report: ImportReport) {
  for (const r of report.created) {
    logger.info({ course: r.courseId, number: r.number, previous: r.previous }, 'course version published')
    if (r.droppedWithLearnerData.length)
      logger.warn(
        { course: r.courseId, number: r.number, ids: r.droppedWithLearnerData },
        'the new version drops lessons or quizzes that learners have progress or attempts on',
      )
  }
  if (report.unchanged.length)
    logger.info({ courses: report.unchanged.map((r) => `${r.courseId}@${r.number}`) }, 'courses unchanged')
  for (const r of report.refused) logger.error({ course: r.courseId }, r.message)
}
