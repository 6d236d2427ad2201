// Course images served from the database (ADR 034 §3f): a built asset's public name is the first 12
// hex of its bytes' SHA-256, a hyphen and its file name (course-urls.server.ts), and every version
// records its source files as path -> the full SHA-256 of a ContentBlob. So any node answers
// /content/assets/<course>/<hash>-<name> for any version of the course, imported from files or
// published in the Studio alike, without having built it: one query finds the blob of `assets/<name>`
// in one of the course's versions whose hash starts so. The bytes are kept in memory afterwards
// (hash-named, so never stale). Lesson pages do not read it: only a request for an image does.
import { z } from 'zod'
import { type PrismaClient } from '#app/generated/prisma/client.ts'

/** Bytes of images kept in memory per process; the oldest read goes first. */
export const ASSET_CACHE_BYTES = 64 * 1024 * 1024
/** The public name of a built asset: 12 hex, a hyphen, the file name of assets/ (no folders). */
const HASHED_NAME = /^([0-9a-f]{12})-([A-Za-z0-9][A-Za-z0-9._-]{0,199})$/
const COURSE = /^[a-z0-9][a-z0-9-]{0,79}$/

const cache = new Map<string, Buffer>()
let cachedBytes = 0

const Rows = z.array(z.object({ bytes: z.instanceof(Uint8Array) }))

/** The asset a public name stands for, from any version of the course; null when there is none. */
export async function readCourseAsset(prisma: PrismaClient, course: string, file: string): Promise<Buffer | null> {
  const match = HASHED_NAME.exec(file)
  if (!match || !COURSE.test(course)) return null
  const key = `${course}/${file}`
  const known = cache.get(key)
  if (known) {
    // Most recently read last.
    cache.delete(key)
    cache.set(key, known)
    return known
  }
  const [, hash, name] = match as unknown as [string, string, string]
  const rows = Rows.parse(
    await prisma.$queryRaw`SELECT b.bytes FROM "CourseVersion" v
      JOIN "ContentBlob" b ON b.sha256 = v."sourceFiles" ->> ${`assets/${name}`}
      WHERE v."courseId" = ${course} AND left(b.sha256, 12) = ${hash}
      LIMIT 1`,
  )
  if (!rows[0]) return null
  const bytes = Buffer.from(rows[0].bytes)
  if (bytes.length <= ASSET_CACHE_BYTES / 4) {
    cache.set(key, bytes)
    cachedBytes += bytes.length
    for (const [oldKey, old] of cache) {
      if (cachedBytes <= ASSET_CACHE_BYTES) break
      cache.delete(oldKey)
      cachedBytes -= old.length
    }
  }
  return bytes
}
