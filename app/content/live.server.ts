// The published courses in memory (ADR 034 §2): each node loads every course's current version
// from the database before it serves, LISTENs on aula_content and polls as a fallback, and swaps in
// a new snapshot when a course's version changes. A learner's request reads only memory: getManifest()
// and lessonHtmlParts() (catalog.server.ts) take the snapshot, once per request.
import pg from 'pg'
import { z } from 'zod'
import { type PrismaClient } from '#app/generated/prisma/client.ts'
import { type Manifest, type ManifestCourse } from './manifest.ts'
import { CONTENT_CHANNEL } from './versions.server.ts'

/** A pre-rendered lesson: static HTML parts, with the quizzes' places between them. */
export type LessonPart = { html: string } | { quiz: string }

const QUIZ_SLOT = /<div data-quiz-slot="([a-z0-9-]+)"><\/div>/

export function splitLessonHtml(html: string): LessonPart[] {
  // split() with a capture group alternates text and quiz ids.
  return html
    .split(QUIZ_SLOT)
    .map((piece, i) => (i % 2 ? { quiz: piece } : { html: piece }))
    .filter((p) => !('html' in p) || p.html)
}

/** What one node serves: never mutated, replaced whole. */
export type ContentSnapshot = {
  manifest: Manifest
  /** Course id -> the CourseVersion id served. */
  versions: ReadonlyMap<string, string>
  /** Lesson file name (as the manifest names it) -> its parts. */
  lessons: ReadonlyMap<string, LessonPart[]>
}

const BLOBS_PER_QUERY = 100
const BlobTextRows = z.array(z.object({ sha256: z.string(), html: z.string() }))

/** Every 30 s a node compares its versions with the database, in case a notification was missed. */
export const CONTENT_POLL_MS = 30_000

export class ContentLoader {
  snapshot: ContentSnapshot | null = null
  private previousLessons: ReadonlyMap<string, LessonPart[]> = new Map()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly prisma: PrismaClient) {}

  /** Loads the courses whose current version differs from the one in memory; returns their ids. */
  reload(): Promise<string[]> {
    const run = this.queue.then(() => this.load())
    this.queue = run.catch(() => {})
    return run
  }

  /** A lesson file of the snapshot (or of the one before, for a request that began before a swap). */
  lessonParts(file: string): LessonPart[] | undefined {
    return this.snapshot?.lessons.get(file) ?? this.previousLessons.get(file)
  }

  private async load(): Promise<string[]> {
    const rows = await this.prisma.course.findMany({
      where: { currentVersionId: { not: null } },
      select: { id: true, currentVersionId: true },
      orderBy: { id: 'asc' },
    })
    const old = this.snapshot
    const changed = rows.filter((r) => old?.versions.get(r.id) !== r.currentVersionId)
    const removed = old ? [...old.versions.keys()].filter((id) => !rows.some((r) => r.id === id)) : []
    if (old && !changed.length && !removed.length) return []
    const versions = changed.length
      ? await this.prisma.courseVersion.findMany({
          where: { id: { in: changed.map((r) => r.currentVersionId!) } },
          select: { id: true, courseId: true, manifest: true, lessonFiles: true },
        })
      : []
    const lessons = new Map<string, LessonPart[]>()
    const courses = new Map<string, ManifestCourse>()
    for (const course of old?.manifest.courses ?? []) courses.set(course.id, course)
    for (const id of removed) courses.delete(id)
    const needed = new Map<string, string>() // sha256 -> a file name
    const fileHashes: Array<[string, string]> = []
    for (const version of versions) {
      courses.set(version.courseId, version.manifest as unknown as ManifestCourse)
      for (const [file, hash] of Object.entries(version.lessonFiles as Record<string, string>)) {
        const known = old?.lessons.get(file)
        if (known) lessons.set(file, known)
        else {
          needed.set(hash, file)
          fileHashes.push([file, hash])
        }
      }
    }
    if (needed.size) {
      // As text, decoded by PostgreSQL: about five times less to send and parse than the bytes in hex.
      const hashes = [...needed.keys()]
      const html = new Map<string, string>()
      for (let i = 0; i < hashes.length; i += BLOBS_PER_QUERY) {
        const rows = BlobTextRows.parse(
          await this.prisma.$queryRaw`SELECT sha256, convert_from(bytes, 'UTF8') AS html FROM "ContentBlob"
            WHERE sha256 = ANY(${hashes.slice(i, i + BLOBS_PER_QUERY)}::text[])`,
        )
        for (const row of rows) html.set(row.sha256, row.html)
      }
      for (const [file, hash] of fileHashes) {
        const text = html.get(hash)
        if (text === undefined) throw new Error(`content blob ${hash} (${file}) is missing`)
        lessons.set(file, splitLessonHtml(text))
      }
    }
    // Unchanged courses keep their lesson parts.
    const changedIds = new Set(versions.map((v) => v.courseId))
    for (const course of courses.values()) {
      if (changedIds.has(course.id)) continue
      for (const mod of course.modules)
        for (const lesson of mod.lessons)
          for (const locale of Object.values(lesson.locales))
            for (const file of [locale.html, ...Object.values(locale.htmlByConvention ?? {})]) {
              const parts = old?.lessons.get(file)
              if (parts) lessons.set(file, parts)
            }
    }
    const versionIds = new Map(old?.versions ?? [])
    for (const id of removed) versionIds.delete(id)
    for (const version of versions) versionIds.set(version.courseId, version.id)
    const ordered = [...courses.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    this.previousLessons = old?.lessons ?? new Map()
    this.snapshot = {
      manifest: { version: 1, compiler: 'versions', builtAt: new Date().toISOString(), courses: ordered },
      versions: versionIds,
      lessons,
    }
    return [...changedIds, ...removed]
  }

  /**
   * Loads, then keeps up: LISTEN on aula_content (a dedicated connection, reconnected after an error)
   * and a poll every `pollMs`. `onChange` hears the ids of the courses reloaded. Returns a stop function.
   */
  async start(options: {
    databaseUrl: string
    pollMs?: number
    onChange?: (courseIds: string[]) => void
    onError?: (error: unknown) => void
  }): Promise<() => Promise<void>> {
    const onError = options.onError ?? (() => {})
    await this.reload()
    let stopped = false
    let client: pg.Client | null = null
    let retry: NodeJS.Timeout | undefined
    const refresh = () => {
      this.reload()
        .then((ids) => ids.length && options.onChange?.(ids))
        .catch(onError)
    }
    // On an error or a closed connection (the database restarted), again in 5 s, until stopped;
    // the poll covers the gap, and the refresh after each LISTEN catches what was missed.
    const drop = (c: pg.Client) => {
      if (client === c) client = null
      c.end().catch(() => {})
      if (stopped) return
      clearTimeout(retry)
      retry = setTimeout(() => void listen(), 5000)
    }
    const listen = async () => {
      if (stopped) return
      const c = new pg.Client({ connectionString: options.databaseUrl })
      c.on('notification', refresh)
      c.on('error', (error) => {
        onError(error)
        drop(c)
      })
      c.on('end', () => {
        if (client === c) drop(c)
      })
      try {
        await c.connect()
        await c.query(`LISTEN ${CONTENT_CHANNEL}`)
      } catch (error) {
        onError(error)
        drop(c)
        return
      }
      if (stopped) return void c.end().catch(() => {})
      client = c
      // A change between the load and the LISTEN would otherwise wait for the poll.
      refresh()
    }
    await listen()
    const poll = setInterval(refresh, options.pollMs ?? CONTENT_POLL_MS)
    poll.unref()
    return async () => {
      stopped = true
      clearInterval(poll)
      clearTimeout(retry)
      const c = client
      client = null
      await c?.end().catch(() => {})
      await this.queue
    }
  }
}

// The server and the Remix build load this module separately: the node's loader lives on globalThis.
const KEY = Symbol.for('aula.contentLoader')
const slot = globalThis as Record<symbol, ContentLoader | undefined>

/** This node's loader (the server sets it before it listens); null in tests and tools that read content-build/. */
export function liveContent(): ContentLoader | null {
  return slot[KEY] ?? null
}

export function setLiveContent(loader: ContentLoader | null) {
  if (loader) slot[KEY] = loader
  else delete slot[KEY]
}
