// Search inside the courses (ADR 024): titles and summaries (the catalogue) and the lessons' text
// in the page's language, ignoring case and accents, with the matching passage and a link to its
// section. The index is plain folded text held in memory, made once per process from the lessons
// pre-rendered at build time (and again in development when the manifest changes): a few hundred
// sections, scanned in well under a millisecond, so no search library is needed. Who may see what
// is the caller's to say: it passes the courses the person may see, and the paid courses whose
// lessons they may read.
//
// Numbers (ADR 030): a lesson with quantities is pre-rendered once per number convention, and the
// index reads the file the reader would see, so passages show numbers as on the lesson page. A
// number in the query matches however the reader writes it: the two conventions differ only by
// swapping "." and "," between digits (92.9 / 92,9; 12,750,000 / 12.750.000), so a word with such a
// separator is also looked for with them swapped.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type Lang } from '#app/utils/i18n.ts'
import { foldForSearch } from './access.server.ts'
import { CONTENT_BUILD_DIR, getManifest, lessonHtmlFile } from './catalog.server.ts'
import { htmlToText } from './headings.ts'
import { type ManifestCourse, type Manifest } from './manifest.ts'
import { type NumberConvention } from './numbers.ts'

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

/** Per manifest: the index per language and convention, and each lesson file's sections (shared by
 * both conventions when a lesson has one file). */
let cached: { manifest: Manifest; byKey: Map<string, Section[]>; byFile: Map<string, Section[]> } | null = null

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

function sectionsOf(
  course: ManifestCourse,
  lang: Lang,
  convention: NumberConvention,
  byFile: Map<string, Section[]>,
): Section[] {
  const sections: Section[] = []
  for (const module of course.modules) {
    for (const lesson of module.lessons) {
      const locale = lesson.locales[lang]
      // A lesson not yet in this language is not searched in it (its text is the other language's, ADR 029).
      if (!locale || lesson.missing === lang) continue
      const file = lessonHtmlFile(locale, convention)
      const known = byFile.get(file)
      if (known) {
        sections.push(...known)
        continue
      }
      const start = sections.length
      const html = readFileSync(path.join(CONTENT_BUILD_DIR, 'lessons', file), 'utf8')
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
      byFile.set(file, sections.slice(start))
    }
  }
  return sections
}

function index(lang: Lang, convention: NumberConvention): Section[] {
  const manifest = getManifest()
  if (!cached || cached.manifest !== manifest) cached = { manifest, byKey: new Map(), byFile: new Map() }
  const key = `${lang}/${convention}`
  let sections = cached.byKey.get(key)
  if (!sections) {
    const { byFile } = cached
    sections = manifest.courses.flatMap((course) => sectionsOf(course, lang, convention, byFile))
    cached.byKey.set(key, sections)
  }
  return sections
}

/** The word as written in the other number convention: "." and "," swapped between digits. */
function otherConvention(word: string): string {
  return word.replace(/(?<=\d)[.,](?=\d)/g, (sep) => (sep === '.' ? ',' : '.'))
}

/** A word of the query and, when it holds a number, the same word in the other convention. */
type Term = { word: string; other: string | null }

function term(word: string): Term {
  const other = otherConvention(word)
  return { word, other: other === word ? null : other }
}

/** Where the term first occurs in the text, as typed or in the other convention; -1 if nowhere. */
function find(text: string, { word, other }: Term): number {
  const at = text.indexOf(word)
  return at >= 0 || !other ? at : text.indexOf(other)
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
 * Lesson sections in `lang`, as pre-rendered for the reader's number `convention`, that contain
 * every word of the query (as typed, as a phrase first; a number in either convention): one hit per
 * lesson, its first matching section, with the passage around the match. `readable` says which
 * courses' lessons this person may read.
 */
export function searchLessons(
  query: string,
  lang: Lang,
  convention: NumberConvention,
  readable: (courseId: string) => boolean,
): LessonHit[] {
  const words = searchWords(query)
  if (!words.length) return []
  const terms = words.map(term)
  const phrase = term(words.join(' '))
  const hits: LessonHit[] = []
  const seen = new Set<string>()
  for (const section of index(lang, convention)) {
    const key = `${section.courseId}/${section.lessonId}`
    if (seen.has(key) || !readable(section.courseId)) continue
    if (!terms.every((t) => find(section.folded, t) >= 0)) continue
    seen.add(key)
    const at = find(section.folded, phrase)
    // A number written in the other convention has the same length, so the lengths hold either way.
    const [start, length] =
      at >= 0 ? [at, phrase.word.length] : [find(section.folded, terms[0]!), terms[0]!.word.length]
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
