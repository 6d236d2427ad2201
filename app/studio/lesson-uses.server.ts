// What the course's lessons use of the glossary and the datasets (ADR 034 §3e): the key terms
// (<KeyTerm id>), the datasets (<Dataset id>) and the columns of charts (<Chart dataset x y series>)
// of every lesson text, published or a draft. The glossary and dataset editors refuse to delete a
// term, or drop a dataset column, that a lesson still uses, naming the lessons.
//
// A text scan, not the MDX parser: linear in the text on the request path (the parser's time is not,
// §1), and attributes are literal strings by the safety rules. A component inside a code block
// counts as a use too: the editor then refuses a change the build would have allowed, never the
// other way round.
import { type CourseSource } from '#app/content/load.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

// An element of one of the three components: its attributes, quoted values may hold ">".
const ELEMENT = /<(KeyTerm|Dataset|Chart)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g
const ATTRIBUTE = /([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** The key terms, datasets and dataset columns one lesson text uses. */
export function componentUses(text: string): { terms: Set<string>; datasets: Set<string>; columns: Set<string> } {
  const uses = { terms: new Set<string>(), datasets: new Set<string>(), columns: new Set<string>() }
  for (const [, name, attributeText] of text.matchAll(ELEMENT)) {
    const attributes = new Map<string, string>()
    for (const [, key, double, single] of attributeText!.matchAll(ATTRIBUTE))
      attributes.set(key!, double ?? single ?? '')
    if (name === 'KeyTerm' && attributes.has('id')) uses.terms.add(attributes.get('id')!)
    if (name === 'Dataset' && attributes.has('id')) uses.datasets.add(attributes.get('id')!)
    if (name === 'Chart' && attributes.has('dataset')) {
      const dataset = attributes.get('dataset')!
      uses.datasets.add(dataset)
      for (const role of ['x', 'y', 'series'])
        if (attributes.has(role)) uses.columns.add(`${dataset}/${attributes.get(role)}`)
    }
  }
  return uses
}

export type LessonUses = {
  /** The lessons (their titles in the page's language, else their ids) that use each key term. */
  terms: Map<string, Set<string>>
  /** …each dataset, by <Dataset> or <Chart>. */
  datasets: Map<string, Set<string>>
  /** …each dataset column ("<dataset>/<column>") a chart draws. */
  columns: Map<string, Set<string>>
}

/** What every lesson text of the course uses: the published version's files and the lesson drafts. */
export async function lessonUses(source: CourseSource, lang: Lang): Promise<LessonUses> {
  const lessons = source.modules.flatMap((m) => m.lessons)
  const name = (lessonId: string) => {
    const lesson = lessons.find((l) => l.id === lessonId)
    return lesson?.files[lang]?.frontmatter?.title ?? lesson?.files.en?.frontmatter?.title ?? lessonId
  }
  const texts: Array<{ lessonId: string; text: string }> = lessons.flatMap((l) =>
    Object.values(l.files).map((file) => ({ lessonId: l.id, text: file.source })),
  )
  const drafts = await prisma.lessonDraft.findMany({
    where: { courseId: source.slug },
    select: { lessonId: true, source: true },
  })
  texts.push(...drafts.map((d) => ({ lessonId: d.lessonId, text: d.source })))
  const uses: LessonUses = { terms: new Map(), datasets: new Map(), columns: new Map() }
  const add = (map: Map<string, Set<string>>, key: string, lessonId: string) =>
    map.set(key, (map.get(key) ?? new Set()).add(name(lessonId)))
  for (const { lessonId, text } of texts) {
    const found = componentUses(text)
    for (const term of found.terms) add(uses.terms, term, lessonId)
    for (const dataset of found.datasets) add(uses.datasets, dataset, lessonId)
    for (const column of found.columns) add(uses.columns, column, lessonId)
  }
  return uses
}
