// Reviews of the Studio's drafts (ADR 034 §3a): a trainer submits the course's drafts as one review
// (their texts snapshotted as blobs, so the reviewer publishes exactly what they read); another
// trainer of the course or an administrator reads the per-lesson diff, comments, and publishes or
// sends it back. Publishing is a background job (publish.server.ts) that builds the new version.
import { diffLines } from 'diff'
import { z } from 'zod'
import { type SessionUser } from '#app/accounts/auth.server.ts'
import { audit } from '#app/audit/audit.server.ts'
import { readBlobs, storeTexts } from '#app/content/versions.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { enqueue } from '#app/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { MAX_REVIEW_COMMENT_LENGTH } from '#app/utils/limits.ts'
import { FORM_ERROR, IdSchema, intent, intents } from '#app/utils/validation.ts'
import { fileDraftsOfCourse } from './file-drafts.server.ts'
import { isEmptyOutline, readOutline } from './outline.server.ts'

export type ReviewStatus = 'submitted' | 'publishing' | 'returned' | 'published'
/** A review that still waits for a decision or for its publish job: one per course at a time. */
export const OPEN_STATUSES: ReviewStatus[] = ['submitted', 'publishing']

const CommentText = (required: boolean) =>
  z
    .string({ invalid_type_error: FORM_ERROR })
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').trim())
    .refine((value) => value.length <= MAX_REVIEW_COMMENT_LENGTH, 'studio:review.errors.commentTooLong')
    .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), 'studio:errors.characters')
    .refine((value) => !required || value.length > 0, 'studio:review.errors.commentRequired')

export const SubmitReviewSchema = z.object({ intent: intent('submit-review'), message: CommentText(false) })

export const ReviewActionSchema = intents([
  z.object({ intent: intent('comment'), body: CommentText(true) }),
  z.object({ intent: intent('publish') }),
  z.object({ intent: intent('send-back'), body: CommentText(true) }),
])

export const ReviewIdSchema = IdSchema

export type ReviewError = 'nothing' | 'open' | 'own' | 'decided' | 'no-version'
export const REVIEW_ERRORS: ErrorTable<ReviewError> = {
  nothing: { status: 409, message: 'studio:review.errors.nothing' },
  open: { status: 409, message: 'studio:review.errors.open' },
  own: { status: 403, message: 'studio:review.errors.own' },
  decided: { status: 409, message: 'studio:review.errors.decided' },
  'no-version': { status: 409, message: 'studio:review.errors.noVersion' },
}

type Result<T = object> = ({ ok: true } & T) | { ok: false; error: ReviewError }

/**
 * The course's drafts (every lesson and language that has one) as one review, based on the course's
 * current version. Refused when there is no draft or a review is already open (publishing one would
 * move the other's base).
 */
export async function submitReview(input: {
  courseId: string
  userId: string
  message: string
}): Promise<Result<{ reviewId: string }>> {
  const { courseId, userId, message } = input
  const drafts = await prisma.lessonDraft.findMany({
    where: { courseId },
    select: { lessonId: true, locale: true, revision: true, source: true },
    orderBy: [{ lessonId: 'asc' }, { locale: 'asc' }],
  })
  const files = await fileDraftsOfCourse(courseId)
  const outline = await readOutline(courseId)
  const hasOutline = outline.revision > 0 && !isEmptyOutline(outline.data)
  if (!drafts.length && !files.length && !hasOutline) return { ok: false, error: 'nothing' }
  // Checked before the texts are stored, so a refused submit changes nothing (again below, under the lock).
  const refused = await refusedSubmit(prisma, courseId)
  if (refused) return { ok: false, error: refused }
  // The texts as blobs first (content-addressed: a refused submit leaves only unused bytes).
  const hashes = await storeTexts(
    prisma,
    drafts.map((d) => d.source),
  )
  return prisma.$transaction(async (tx): Promise<Result<{ reviewId: string }>> => {
    // One submitter at a time per course, so two submits cannot both open a review.
    await tx.$executeRaw`SELECT 1 FROM "Course" WHERE id = ${courseId} FOR UPDATE`
    const refused = await refusedSubmit(tx, courseId)
    if (refused) return { ok: false, error: refused }
    const course = await tx.course.findUniqueOrThrow({
      where: { id: courseId },
      select: { currentVersion: { select: { number: true } } },
    })
    if (!course.currentVersion) return { ok: false, error: 'no-version' }
    const review = await tx.contentReview.create({
      data: {
        courseId,
        message,
        baseNumber: course.currentVersion.number,
        submittedById: userId,
        // The outline draft as it is now (ADR 034 §3b): a later change to it is not in this review.
        ...(hasOutline
          ? { outline: outline.data as unknown as Prisma.InputJsonValue, outlineRevision: outline.revision }
          : {}),
        items: {
          create: drafts.map((d, i) => ({
            lessonId: d.lessonId,
            locale: d.locale,
            revision: d.revision,
            sha256: hashes[i]!,
          })),
        },
        // The file drafts' bytes are blobs already: the snapshot is their hashes.
        files: { create: files.map((f) => ({ path: f.path, revision: f.revision, sha256: f.sha256 })) },
      },
      select: { id: true },
    })
    await audit(tx, {
      actorId: userId,
      action: 'content.review.submit',
      subject: `course:${courseId}`,
      data: {
        reviewId: review.id,
        baseNumber: course.currentVersion.number,
        lessons: lessonList(drafts),
        files: fileList(files),
      },
    })
    return { ok: true, reviewId: review.id }
  })
}

/** Why a submit is refused before anything is written: no published version, or a review already open. */
async function refusedSubmit(db: Prisma.TransactionClient, courseId: string): Promise<ReviewError | null> {
  const course = await db.course.findUnique({
    where: { id: courseId },
    select: { currentVersionId: true },
  })
  if (!course?.currentVersionId) return 'no-version'
  const open = await db.contentReview.findFirst({
    where: { courseId, status: { in: OPEN_STATUSES } },
    select: { id: true },
  })
  return open ? 'open' : null
}

/** "module/lesson (es)" for each item: what the audit log says changed. */
export function lessonList(items: Array<{ lessonId: string; locale: string }>): string[] {
  return items.map((i) => `${i.lessonId} (${i.locale})`)
}

/** Each file's path, "(deleted)" after one the review deletes: what the audit log says changed. */
export function fileList(files: Array<{ path: string; sha256: string | null }>): string[] {
  return files.map((f) => (f.sha256 ? f.path : `${f.path} (deleted)`))
}

/**
 * Who may publish or send back a review: a trainer of the course or an administrator, never the one
 * who submitted it (administrators included): every review is read by a second person.
 */
export function canDecide(user: Pick<SessionUser, 'id'>, review: { submittedById: string | null }): boolean {
  return review.submittedById !== user.id
}

/** A review of this course (the id from the address), or null: another course's review is not found. */
export async function findReview(courseId: string, reviewId: string) {
  return prisma.contentReview.findFirst({
    where: { id: reviewId, courseId },
    select: {
      id: true,
      status: true,
      message: true,
      baseNumber: true,
      submittedAt: true,
      submittedById: true,
      submittedBy: { select: { displayName: true } },
      decidedAt: true,
      decidedBy: { select: { displayName: true } },
      publishedNumber: true,
      refusal: true,
      outline: true,
      items: {
        select: { lessonId: true, locale: true, revision: true, sha256: true },
        orderBy: [{ lessonId: 'asc' }, { locale: 'asc' }],
      },
      files: { select: { path: true, revision: true, sha256: true }, orderBy: { path: 'asc' } },
      comments: {
        select: { id: true, body: true, createdAt: true, author: { select: { displayName: true } } },
        orderBy: { createdAt: 'asc' },
      },
    },
  })
}

/** The submitted texts of a review's items, by blob hash. */
export async function reviewTexts(items: Array<{ sha256: string }>): Promise<Map<string, string>> {
  const blobs = await readBlobs(
    prisma,
    items.map((i) => i.sha256),
  )
  return new Map([...blobs].map(([hash, bytes]) => [hash, bytes.toString('utf8')]))
}

export async function addComment(input: { reviewId: string; userId: string; body: string }) {
  await prisma.contentReviewComment.create({
    data: { reviewId: input.reviewId, authorId: input.userId, body: input.body },
    select: { id: true },
  })
}

/**
 * The decision on a submitted review, by someone who may make it (never its submitter): it moves to
 * `status` in one statement, so of two reviewers deciding at once one wins and the other is told.
 */
async function decide(
  tx: Prisma.TransactionClient,
  { reviewId, courseId, user }: { reviewId: string; courseId: string; user: SessionUser },
  status: 'publishing' | 'returned',
): Promise<Result> {
  const review = await tx.contentReview.findFirstOrThrow({
    where: { id: reviewId, courseId },
    select: { submittedById: true },
  })
  if (!canDecide(user, review)) return { ok: false, error: 'own' }
  const moved = await tx.contentReview.updateMany({
    where: { id: reviewId, courseId, status: 'submitted' },
    data: { status, decidedById: user.id, decidedAt: new Date() },
  })
  return moved.count ? { ok: true } : { ok: false, error: 'decided' }
}

/**
 * Publish: the review moves from submitted to publishing and the publish job is queued, in one
 * transaction (the job exists exactly when the decision does). One statement decides, so two
 * reviewers clicking at once queue one job.
 */
export async function acceptReview(input: { reviewId: string; courseId: string; user: SessionUser }): Promise<Result> {
  const { reviewId } = input
  return prisma.$transaction(async (tx): Promise<Result> => {
    const decided = await decide(tx, input, 'publishing')
    if (!decided.ok) return decided
    await enqueue(tx, 'content:publish-review', { reviewId }, { maxAttempts: 3 })
    return { ok: true }
  })
}

/** Send back: the review is returned with the reviewer's comment, audited; the drafts stay as they are. */
export async function returnReview(input: {
  reviewId: string
  courseId: string
  user: SessionUser
  body: string
}): Promise<Result> {
  const { reviewId, courseId, user, body } = input
  return prisma.$transaction(async (tx): Promise<Result> => {
    const decided = await decide(tx, input, 'returned')
    if (!decided.ok) return decided
    await tx.contentReviewComment.create({ data: { reviewId, authorId: user.id, body }, select: { id: true } })
    await audit(tx, {
      actorId: user.id,
      action: 'content.review.return',
      subject: `course:${courseId}`,
      data: { reviewId },
    })
    return { ok: true }
  })
}

/** The course's reviews for the outline (newest first) and which lessons are in an open one. */
export async function reviewsOfCourse(courseId: string) {
  return prisma.contentReview.findMany({
    where: { courseId },
    select: {
      id: true,
      status: true,
      submittedAt: true,
      submittedBy: { select: { displayName: true } },
      publishedNumber: true,
      items: { select: { lessonId: true, locale: true } },
    },
    orderBy: { submittedAt: 'desc' },
    take: 20,
  })
}

/** Unchanged lines shown around a change; longer unchanged stretches are folded. */
export const DIFF_CONTEXT_LINES = 2

export type DiffLine = { kind: 'added' | 'removed' | 'same'; text: string } | { kind: 'folded'; count: number }

/** A readable line diff (jsdiff) of the published text to the submitted one, unchanged stretches folded. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const lines: Array<{ kind: 'added' | 'removed' | 'same'; text: string }> = []
  for (const part of diffLines(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same'
    const texts = part.value.replace(/\n$/, '').split('\n')
    for (const text of texts) lines.push({ kind, text })
  }
  const near = (i: number) =>
    lines.slice(Math.max(0, i - DIFF_CONTEXT_LINES), i + DIFF_CONTEXT_LINES + 1).some((l) => l.kind !== 'same')
  const shown: DiffLine[] = []
  let folded = 0
  lines.forEach((line, i) => {
    if (line.kind === 'same' && !near(i)) {
      folded++
      return
    }
    if (folded) shown.push({ kind: 'folded', count: folded })
    folded = 0
    shown.push(line)
  })
  if (folded) shown.push({ kind: 'folded', count: folded })
  return shown
}

/** How a review changes one course file (ADR 034 §3c): a line diff for text, the sizes for an image. */
export type FileChange = {
  path: string
  change: 'added' | 'changed' | 'deleted'
  diff: DiffLine[] | null
  size: number | null
}

const TEXT_FILE = /\.(?:ya?ml|csv)$/

/** Each file of a review against the base version's file (`baseFiles`: path -> blob hash). */
export async function fileChanges(
  files: Array<{ path: string; sha256: string | null }>,
  baseFiles: Record<string, string>,
): Promise<FileChange[]> {
  const blobs = await readBlobs(prisma, [
    ...files.flatMap((f) => (f.sha256 ? [f.sha256] : [])),
    ...files.flatMap((f) => (baseFiles[f.path] ? [baseFiles[f.path]!] : [])),
  ])
  return files.map((f) => {
    const before = baseFiles[f.path] ? blobs.get(baseFiles[f.path]!) : undefined
    const after = f.sha256 ? blobs.get(f.sha256) : undefined
    const change = !after ? 'deleted' : before ? 'changed' : 'added'
    return {
      path: f.path,
      change,
      diff: TEXT_FILE.test(f.path) ? lineDiff(before?.toString('utf8') ?? '', after?.toString('utf8') ?? '') : null,
      size: after?.length ?? null,
    }
  })
}
