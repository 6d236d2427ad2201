// Translation status in the Studio (issue #18): per lesson, whether one language changed after the
// other was last updated ("Spanish may be out of date since 3 December"), not only whether a file
// exists.
//
// A lesson's history, oldest first, is the course's published versions up to the current one (a
// language changed in a version when its file's bytes differ from the version before: content blobs
// are addressed by their SHA-256), then the drafts being written (a draft's last save). Read in that
// order: a change to one language leaves the other behind, since that change; a change to the
// language that was behind catches it up (the translation was updated); both changed in one version,
// or within an hour of each other as drafts, leaves neither behind.
import path from 'node:path'
import { type CourseSource, LOCALES, type Locale } from '#app/content/load.server.ts'
import { prisma } from '#app/utils/db.server.ts'

/** The language that may be out of date, and since when; null when neither is. */
export type Behind = { locale: Locale; since: Date } | null

/** One step of a lesson's history: the languages whose text changed, at `at`. */
export type Change = { at: Date; locales: Locale[] }

/** Two drafts' saves this close are one sitting of a trainer who updates both languages. */
const SAME_SITTING_MS = 60 * 60 * 1000

/** Reads a lesson's history (oldest first) as the rule above says. */
export function behindAfter(history: Change[]): Behind {
  let behind = null as Behind
  for (const change of history) {
    if (change.locales.length >= LOCALES.length) behind = null
    else if (change.locales.length === 1) {
      const [changed] = change.locales as [Locale]
      if (behind?.locale === changed) behind = null
      else if (!behind) behind = { locale: LOCALES.find((l) => l !== changed)!, since: change.at }
    }
  }
  return behind
}

export async function translationStatus(source: CourseSource): Promise<Map<string, Behind>> {
  const [versions, drafts, course] = await Promise.all([
    prisma.courseVersion.findMany({
      where: { courseId: source.slug },
      orderBy: { number: 'asc' },
      select: { number: true, createdAt: true, sourceFiles: true },
    }),
    prisma.lessonDraft.findMany({
      where: { courseId: source.slug },
      select: { lessonId: true, locale: true, updatedAt: true },
    }),
    prisma.course.findUnique({ where: { id: source.slug }, select: { currentVersion: { select: { number: true } } } }),
  ])
  // Up to the current version (after a rollback the newer ones are not the course's history).
  const current = course?.currentVersion?.number ?? Infinity
  const lineage = versions
    .filter((v) => v.number <= current)
    .map((v) => ({ at: v.createdAt, files: v.sourceFiles as Record<string, string> }))

  const status = new Map<string, Behind>()
  for (const lesson of source.modules.flatMap((m) => m.lessons)) {
    // The lesson's file in each language, as a version names it: relative to the course folder, `/`.
    const keys = LOCALES.map((locale) => {
      const file = lesson.files[locale]
      return [locale, file ? path.relative(source.dir, file.path).split(path.sep).join('/') : null] as const
    })
    const history: Change[] = []
    lineage.forEach((version, i) => {
      const before = lineage[i - 1]?.files
      const locales = keys
        .filter(([, key]) => key && version.files[key] && version.files[key] !== before?.[key])
        .map(([locale]) => locale)
      if (locales.length) history.push({ at: version.at, locales })
    })
    const saves = drafts
      .filter((d) => d.lessonId === lesson.id)
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
    const [first, second] = saves
    if (first && second && second.updatedAt.getTime() - first.updatedAt.getTime() <= SAME_SITTING_MS)
      history.push({ at: second.updatedAt, locales: LOCALES.slice() })
    else for (const save of saves) history.push({ at: save.updatedAt, locales: [save.locale as Locale] })
    // Both languages must have a text for one to be behind the other ("not written yet" says the rest).
    const behind = keys.every(([locale, key]) => key || saves.some((s) => s.locale === locale))
      ? behindAfter(history)
      : null
    status.set(lesson.id, behind)
  }
  return status
}
