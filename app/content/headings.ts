// Ids on a lesson's section headings, so a search result (or a reader) can link to a section. They
// are given once, when the lesson is pre-rendered at build time (prerender.server.tsx); the lesson
// page and the search read them from the HTML.

/** Accent- and case-insensitive text for search ("victimizacion" finds "victimización"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

const HEADING = /<h([23])(\s[^>]*)?>([\s\S]*?)<\/h\1>/g

/** The id a heading gets in the page: its words folded, joined by hyphens; repeats numbered. */
export function headingId(text: string, taken: Map<string, number>): string {
  const base =
    fold(text)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'section'
  const n = (taken.get(base) ?? 0) + 1
  taken.set(base, n)
  return n === 1 ? base : `${base}-${n}`
}

/**
 * The lesson's HTML with an id on each h2/h3 that has none, so a search result (or a reader) can
 * link to a section. Applied once, to the pre-rendered lesson (prerender.server.tsx).
 */
export function withHeadingIds(html: string): string {
  const taken = new Map<string, number>()
  return html.replace(HEADING, (whole, level: string, attributes: string | undefined, inner: string) => {
    if (attributes && /\bid=/.test(attributes)) return whole
    return `<h${level} id="${headingId(htmlToText(inner), taken)}"${attributes ?? ''}>${inner}</h${level}>`
  })
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" }

/** The text of some HTML: tags, scripts, formulas and glossary tooltips out, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  return (
    html
      .replace(/<(script|style|math)[\s\S]*?<\/\1>/gi, ' ')
      // A glossary term's definition is a tooltip: not the lesson's text.
      .replace(/<span[^>]*role="tooltip"[^>]*>[\s\S]*?<\/span>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
        if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16))
        if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)))
        return ENTITIES[name] ?? entity
      })
      .replace(/\s+/g, ' ')
      .replace(/ ([.,;:!?)])/g, '$1')
      .trim()
  )
}
