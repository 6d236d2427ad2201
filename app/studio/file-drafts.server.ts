// Drafts of a course's files other than lessons (ADR 034 §3c): a quiz, the glossary, a dataset, an
// image. Each editor reads a file with readCourseFile, writes the whole file back with saveFileDraft
// (the stale-revision rule of lesson drafts), and the review and publish carry the files with the
// lessons. The bytes are ContentBlob rows, so text and images are stored the same way.
import { createHash } from 'node:crypto'
import { type CourseSource } from '#app/content/load.server.ts'
import { readBlobs, storeBlobs } from '#app/content/versions.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { conditionalSave, type SaveResult } from './drafts.server.ts'
import { courseSourceOf, studioVersion } from './studio.server.ts'

const NAME = '[a-z0-9][a-z0-9-]{0,79}'
const STUDIO_FILE = new RegExp(
  `^(?:glossary\\.yaml|quizzes/${NAME}\\.yaml|datasets/${NAME}\\.(?:csv|yaml)|assets/${NAME}\\.(?:png|jpg|jpeg|webp|svg))$`,
)

/**
 * The course files other than lessons that the Studio edits: `glossary.yaml`, `quizzes/<id>.yaml`,
 * `datasets/<id>.csv|.yaml`, `assets/<name>.png|.jpg|.jpeg|.webp|.svg` (lower-case names). Module
 * folders are the outline's, lessons the lesson drafts'.
 */
export function isStudioFilePath(path: string): boolean {
  return STUDIO_FILE.test(path)
}

/**
 * The largest file of each kind the Studio stores: the editors refuse bigger ones with a translated
 * message first; this is the last guard (the publish build parses these files outside the compile
 * worker's limits, so their size is bounded here).
 */
export function maxStudioFileBytes(path: string): number {
  if (path.endsWith('.yaml')) return 256 * 1024
  if (path.endsWith('.csv')) return 2 * 1024 * 1024
  return 8 * 1024 * 1024
}

/**
 * Saves a draft of one file (null bytes: the file is deleted at publish) if `baseRevision` is the
 * draft's current revision (0: there is no draft yet). One statement decides, as for lessons.
 */
export async function saveFileDraft(input: {
  courseId: string
  path: string
  bytes: Buffer | null
  baseRevision: number
  userId: string
}): Promise<SaveResult> {
  const { courseId, path, bytes, baseRevision, userId } = input
  if (!isStudioFilePath(path)) throw new Error(`not a Studio file path: ${path}`)
  if (bytes && bytes.length > maxStudioFileBytes(path)) throw new Error(`${path} is larger than the Studio allows`)
  // The bytes first (content-addressed: a refused save leaves only unused bytes).
  const sha256 = bytes ? (await storeBlobs(prisma, new Map([['file', bytes]]))).file! : null
  const key = { courseId, path }
  const select = { revision: true, updatedAt: true } as const
  return conditionalSave(baseRevision, {
    create: () =>
      prisma.courseFileDraft.createManyAndReturn({
        data: [{ ...key, sha256, revision: 1, updatedById: userId }],
        skipDuplicates: true,
        select,
      }),
    update: () =>
      prisma.courseFileDraft.updateManyAndReturn({
        where: { ...key, revision: baseRevision },
        data: { sha256, revision: { increment: 1 }, updatedById: userId },
        select,
      }),
    current: () =>
      prisma.courseFileDraft.findUnique({
        where: { courseId_path: key },
        select: { updatedAt: true, updatedBy: { select: { displayName: true } } },
      }),
  })
}

export type CourseFile = {
  path: string
  /** The file's bytes, or null: it does not exist (or the draft deletes it). */
  bytes: Buffer | null
  /** The draft's revision, 0 when there is no draft. */
  revision: number
  draft: boolean
  updatedAt: Date | null
  updatedBy: string | null
}

/** A course file as the Studio sees it: the draft if there is one, else the published version's file. */
export async function readCourseFile(courseId: string, path: string): Promise<CourseFile> {
  const draft = await prisma.courseFileDraft.findUnique({
    where: { courseId_path: { courseId, path } },
    select: { sha256: true, revision: true, updatedAt: true, updatedBy: { select: { displayName: true } } },
  })
  const hash = draft ? draft.sha256 : (await versionFileHashes((await studioVersion(courseId)).id))[path]
  const bytes = hash ? ((await readBlobs(prisma, [hash])).get(hash) ?? null) : null
  return {
    path,
    bytes,
    revision: draft?.revision ?? 0,
    draft: Boolean(draft),
    updatedAt: draft?.updatedAt ?? null,
    updatedBy: draft?.updatedBy?.displayName ?? null,
  }
}

/** The course's file drafts, by path (the outline lists them; submit snapshots them). */
export async function fileDraftsOfCourse(
  courseId: string,
): Promise<Array<{ path: string; deleted: boolean; revision: number; sha256: string | null }>> {
  const rows = await prisma.courseFileDraft.findMany({
    where: { courseId },
    select: { path: true, sha256: true, revision: true },
    orderBy: { path: 'asc' },
  })
  return rows.map((r) => ({ ...r, deleted: r.sha256 === null }))
}

/**
 * The published version's source files with the course's file drafts laid over them, read by
 * loadCourse: what the lesson preview and the editors check against, so a glossary term or quiz
 * written in the Studio is known before it is published. Cached by a hash of the files.
 */
export async function draftCourseSource(courseId: string): Promise<CourseSource> {
  const version = await studioVersion(courseId)
  const drafts = await fileDraftsOfCourse(courseId)
  if (!drafts.length) return version.source
  return sourceWithFiles(courseId, await versionFileHashes(version.id), drafts)
}

/**
 * A version's source files (path -> blob hash) with `files` laid over them (a null hash deletes),
 * read by loadCourse; cached by a hash of the result. The drafts' course above, and the course a
 * review's lessons are checked against when it is published.
 */
export async function sourceWithFiles(
  courseId: string,
  sourceFiles: Record<string, string>,
  files: Array<{ path: string; sha256: string | null }>,
): Promise<CourseSource> {
  const merged = { ...sourceFiles }
  for (const f of files) {
    if (f.sha256) merged[f.path] = f.sha256
    else delete merged[f.path]
  }
  const key = createHash('sha256')
    .update(JSON.stringify(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex')
  return courseSourceOf(`files-${key}`, courseId, merged)
}

/** A version's source files: path -> blob hash. */
export async function versionFileHashes(versionId: string): Promise<Record<string, string>> {
  const version = await prisma.courseVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { sourceFiles: true },
  })
  return version.sourceFiles as Record<string, string>
}
