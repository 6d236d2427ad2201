// Hand-formatted quantities in lesson and quiz text: courses:check reports them (file:line) and the
// codemod (scripts/num-codemod.ts) rewrites them as <Num value="…" unit="…" />. One detector for both,
// so the codemod fixes exactly what the check reports. Rules (docs/course-format.md, ADR 030):
//
// A quantity, read in the language of the text:
//   Spanish  grouped with spaces (any kind) or points, optional decimal comma: 12 750 000, 2.400.000,
//            27 337,5 · a decimal comma: 12,5, 0,00012 · a decimal point followed by "%": 92.9 %
//   English  grouped with commas, optional decimals: 1,530, 12,750,000.5 · a decimal point: 12.5, 0.161
//   Either   optionally followed by "%" (with or without a space before it).
// Never a quantity:
//   - a number with no separator at all (600, 5000, 2023, 0101, 90 %): it reads the same in every
//     convention;
//   - a number touching a letter, "/", "-", or a further "." or "," + digit (X85, Y10–Y34, 16.1.1,
//     1984/48, 978-92-1, ODS16): codes, identifiers, citations;
//   - a decimal point number right after a word that names a code, a section, a version or a page
//     (target, indicator, SDG, section, version, chapter, paragraph, table, figure, p., pp., and their
//     Spanish words): "target 16.1", "Versión 1.0", "p. 12.3"; in Spanish a decimal point never
//     counts without "%", so "la meta 16.1" is safe;
//   - anything in frontmatter, code, math ($…$: written per the format guide and converted at
//     compile time), inside a JSX tag (its attributes) or an existing <Num />, a link's address or a URL.
import { type Lang } from '#app/utils/i18n.ts'

export type Quantity = {
  /** Offset and length in the text given. */
  index: number
  length: number
  /** As written, e.g. "92,9 %". */
  text: string
  /** As Num's value: no grouping, "." for decimals, decimals as written ("92.9", "12750000"). */
  value: string
  unit?: '%'
}

const SP = '[ \\u00A0\\u2009\\u202F]'
const PERCENT = `(?:${SP}?%)?`
// A quantity starts after a character that cannot be part of a code; a minus sign ("-" or "−") in
// front belongs to it when it does not itself touch a letter or digit ("= −1.9", not "Y10-12.5").
const BEFORE =
  '(?:(?<![\\p{L}\\p{N}_.,/\\-\\u2212\\u2013])[\\-\\u2212](?=\\d)|(?<![\\p{L}\\p{N}_.,/\\-\\u2212\\u2013]))'
const AFTER = '(?![\\p{N}\\p{L}_]|[.,/\\-\\u2013]\\p{N})'

const PATTERNS: Record<Lang, RegExp> = {
  es: new RegExp(
    BEFORE +
      '(?:' +
      [
        `[1-9]\\d{0,2}(?:${SP}\\d{3})+(?:,\\d+)?`, // 12 750 000 · 27 337,5
        `[1-9]\\d{0,2}(?:\\.\\d{3})+,\\d+`, // 2.400.000,5
        `[1-9]\\d{0,2}(?:\\.\\d{3})+`, // 2.400.000 · 100.000 (a point before 3 digits groups thousands)
        `\\d+,\\d+`, // 12,5
        `\\d+\\.\\d+(?=${SP}?%)`, // 92.9 % (a point in Spanish text only with %)
      ].join('|') +
      `)${PERCENT}` +
      AFTER,
    'gu',
  ),
  en: new RegExp(
    BEFORE +
      '(?:' +
      [
        `[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?`, // 12,750,000 · 1,530.5
        `\\d+\\.\\d+`, // 12.5
      ].join('|') +
      `)${PERCENT}` +
      AFTER,
    'gu',
  ),
}

// Words after which a decimal-point number is a code, a section, a version or a page (English text).
const CODE_WORDS =
  /(?:\b(?:targets?|indicators?|sdgs?|goals?|sections?|versions?|v|chapters?|paragraphs?|paras?|tables?|figures?|rules?|articles?|annex|pp?|iccs|icd(?:-1[01])?|metas?|indicadores?|ods|secci[oó]n|secciones|versi[oó]n|cap[ií]tulos?|p[aá]rrafos?|cuadros?|tablas?|figuras?|reglas?|art[ií]culos?|anexo|cie(?:-1[01])?))\.?[\s*_]*(?:\d+(?:\.\d+)*\s*(?:,|and|y|or|o|to|a|–|-)\s*)*$/iu

/** The quantities in a piece of prose (already stripped of code, math and markup: maskMdx). */
export function findQuantities(text: string, lang: Lang): Quantity[] {
  const found: Quantity[] = []
  for (const m of text.matchAll(PATTERNS[lang])) {
    const raw = m[0]
    const percent = /%$/.test(raw)
    const minus = /^[-\u2212]/.test(raw) ? '-' : ''
    const number = raw.replace(/[ \u00A0\u2009\u202F]?%$/, '').replace(/^[-\u2212]/, '')
    let value: string
    if (lang === 'es') {
      if (/^\d+\.\d+$/.test(number) && !/^[1-9]\d{0,2}\.\d{3}$/.test(number))
        value = number // 92.9 before %
      else value = number.replace(/[ \u00A0\u2009\u202F.]/g, '').replace(',', '.')
    } else {
      if (/^\d+\.\d+$/.test(number) && !percent && CODE_WORDS.test(text.slice(Math.max(0, m.index - 60), m.index)))
        continue
      value = number.replace(/,/g, '')
    }
    value = minus + value
    found.push({ index: m.index, length: raw.length, text: raw, value, ...(percent ? { unit: '%' as const } : {}) })
  }
  return found
}

/** The markup for a quantity. quote: the attribute quote (a YAML double-quoted string needs "'"). */
export function numMarkup(q: Pick<Quantity, 'value' | 'unit'>, quote: '"' | "'" = '"'): string {
  return `<Num value=${quote}${q.value}${quote}${q.unit ? ` unit=${quote}${q.unit}${quote}` : ''} />`
}

/** The courses:check message for a hand-formatted quantity. */
export function handFormattedMessage(q: Quantity, quote: '"' | "'" = '"'): string {
  return `hand-formatted quantity "${q.text.replace(/[\u00A0\u2009\u202F]/g, ' ')}": write ${numMarkup(q, quote)} so each reader sees it in their own convention (docs/course-format.md, "Numbers")`
}

const HIDE = '\u0001'
const hide = (s: string) => s.replace(/[^\n]/g, HIDE)

/**
 * The MDX source with everything that is not prose replaced by a placeholder character, keeping its
 * length and line breaks (so offsets and line numbers still point into the source): frontmatter,
 * fenced and inline code, math, JSX/HTML tags (their attributes; the children stay prose) and
 * expressions, link and image addresses, bare URLs, headings' explicit ids.
 */
export function maskMdx(source: string): string {
  let text = source
  const replace = (re: RegExp) => {
    text = text.replace(re, (m) => hide(m))
  }
  replace(/^---\n[\s\S]*?\n---(?=\n|$)/) // frontmatter
  replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm) // fenced code
  replace(/`[^`\n]+`/g) // inline code
  replace(/\$\$[\s\S]+?\$\$/g) // display math
  replace(/\$[^$\n]+\$/g) // inline math
  replace(/\{\/\*[\s\S]*?\*\/\}/g) // MDX comments
  replace(/<!--[\s\S]*?-->/g)
  replace(/<\/?[A-Za-z][^<>]*>/g) // JSX and HTML tags (attributes included)
  replace(/\{[^{}\n]*\}/g) // expressions
  replace(/\]\([^)\n]*\)/g) // link and image addresses
  replace(/https?:\/\/[^\s)>\]]+/g)
  return text
}

/** Every hand-formatted quantity in a lesson's source, with its 1-based line in that source. */
export function lessonQuantities(source: string, lang: Lang): Array<Quantity & { line: number }> {
  const masked = maskMdx(source)
  return findQuantities(masked, lang)
    .filter((q) => !q.text.includes(HIDE))
    .map((q) => ({ ...q, line: source.slice(0, q.index).split('\n').length }))
}

/** The lesson source with every quantity rewritten as <Num />. Running it again changes nothing. */
export function convertLesson(source: string, lang: Lang): { source: string; count: number } {
  const found = lessonQuantities(source, lang)
  let out = source
  for (const q of [...found].reverse()) out = out.slice(0, q.index) + numMarkup(q) + out.slice(q.index + q.length)
  return { source: out, count: found.length }
}
