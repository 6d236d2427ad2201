// Search inside the courses (ADR 024): titles and summaries (the catalogue) and the lessons' text
// in the page's language, ignoring case and accents, with the matching passage and a link to its
// section. The index is plain folded text held in memory, made once per process from the lessons
// pre-rendered at build time (and again in development when the manifest changes): a few hundred
// sections, scanned in well under a millisecond, so no search library is needed. Who may see what
// is the caller's to say: it passes the courses the person may see, and the paid courses whose
// lessons they may read.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type Lang } from '#app/utils/i18n.ts'
import { foldForSearch } from './access.server.ts'
import { CONTENT_BUILD_DIR, getManifest } from './catalog.server.ts'
import { htmlToText } from './headings.ts'
import { type ManifestCourse, type Manifest } from './manifest.ts'

/** A lesson section: the text under one heading (or before the first), as plain text. */
type Section = {
  courseId: string
  lessonId: string
  lessonTitle: string
  /** The heading's id in the page (its anchor), null for the text before the first heading. */
  anchor: string | null
  heading: string | null
  text: string
  /** `text` folded (no accents, lower case), and for each of its characters the index in `text`. */
  folded: string
  map: number[]
}

const MAX_RESULTS = 20
const CONTEXT = 90

let cached: { manifest: Manifest; byLang: Map<Lang, Section[]> } | null = null

function fold(text: string): { folded: string; map: number[] } {
  let folded = ''
  const map: number[] = []
  for (let i = 0; i < text.length; i++) {
    const piece = foldForSearch(text[i]!)
    folded += piece
    for (let k = 0; k < piece.length; k++) map.push(i)
  }
  return { folded, map }
}

function sectionsOf(course: ManifestCourse, lang: Lang): Section[] {
  const sections: Section[] = []
  for (const module of course.modules) {
    for (const lesson of module.lessons) {
      const locale = lesson.locales[lang]
      // A lesson not yet in this language is not searched in it (its text is the other language's, ADR 029).
      if (!locale || lesson.missing === lang) continue
      const html = readFileSync(path.join(CONTENT_BUILD_DIR, 'lessons', locale.html), 'utf8')
      // Split at headings, whose ids pre-rendering gave (prerender.server.tsx): [before, id, heading, body, id, heading, body, …].
      const pieces = html.split(/<h[23] id="([^"]+)"[^>]*>([\s\S]*?)<\/h[23]>/)
      const push = (anchor: string | null, heading: string | null, body: string) => {
        const text = htmlToText(body)
        if (!text && !heading) return
        sections.push({
          courseId: course.id,
          lessonId: lesson.id,
          lessonTitle: locale.title,
          anchor,
          heading,
          text,
          ...fold(`${heading ? `${heading}. ` : ''}${text}`),
        })
      }
      push(null, null, pieces[0] ?? '')
      for (let i = 1; i + 2 < pieces.length; i += 3)
        push(pieces[i]!, htmlToText(pieces[i + 1] ?? ''), pieces[i + 2] ?? '')
    }
  }
  return sections
}

function index(lang: Lang): Section[] {
  const manifest = getManifest()
  if (!cached || cached.manifest !== manifest) cached = { manifest, byLang: new Map() }
  let sections = cached.byLang.get(lang)
  if (!sections) {
    sections = manifest.courses.flatMap((course) => sectionsOf(course, lang))
    cached.byLang.set(lang, sections)
  }
  return sections
}

export type Passage = { before: string; match: string; after: string }

export type LessonHit = {
  courseId: string
  lessonId: string
  lessonTitle: string
  heading: string | null
  anchor: string | null
  passage: Passage
}

/** The words of a query, folded. */
export function searchWords(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean)
}

/**
 * Lesson sections in `lang` that contain every word of the query (as typed, as a phrase first):
 * one hit per lesson, its first matching section, with the passage around the match. `readable`
 * says which courses' lessons this person may read.
 */
export function searchLessons(query: string, lang: Lang, readable: (courseId: string) => boolean): LessonHit[] {
  const words = searchWords(query)
  if (!words.length) return []
  const phrase = words.join(' ')
  const hits: LessonHit[] = []
  const seen = new Set<string>()
  for (const section of index(lang)) {
    const key = `${section.courseId}/${section.lessonId}`
    if (seen.has(key) || !readable(section.courseId)) continue
    if (!words.every((w) => section.folded.includes(w))) continue
    seen.add(key)
    const at = section.folded.indexOf(phrase)
    const [start, length] = at >= 0 ? [at, phrase.length] : [section.folded.indexOf(words[0]!), words[0]!.length]
    const full = `${section.heading ? `${section.heading}. ` : ''}${section.text}`
    const from = section.map[start]!
    const to = section.map[start + length - 1]! + 1
    hits.push({
      courseId: section.courseId,
      lessonId: section.lessonId,
      lessonTitle: section.lessonTitle,
      heading: section.heading,
      anchor: section.anchor,
      passage: passage(full, from, to),
    })
    if (hits.length >= MAX_RESULTS) break
  }
  return hits
}

/** The match with about CONTEXT characters either side, cut at spaces, with an ellipsis where cut. */
function passage(text: string, from: number, to: number): Passage {
  let start = Math.max(0, from - CONTEXT)
  let end = Math.min(text.length, to + CONTEXT)
  if (start > 0) start = text.indexOf(' ', start) + 1 || start
  if (end < text.length) end = text.lastIndexOf(' ', end) > to ? text.lastIndexOf(' ', end) : end
  return {
    before: `${start > 0 ? '…' : ''}${text.slice(start, from)}`,
    match: text.slice(from, to),
    after: `${text.slice(to, end)}${end < text.length ? '…' : ''}`,
  }
}
