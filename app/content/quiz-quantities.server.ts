// Quantities in quiz YAML: the text under every `en:` / `es:` key is read in that language, with the
// same detector as lessons (quantities.ts). courses:check reports them with their line, and the codemod
// rewrites them in place, keeping the file's quoting and layout: inside a double-quoted string the
// markup's attributes take single quotes (<Num value='92.9' unit='%' />), elsewhere double quotes.
import { isPair, isScalar, LineCounter, parseDocument, Scalar, visit } from 'yaml'
import { type Lang } from '#app/utils/i18n.ts'
import { numProblem, numTags } from './numbers.ts'
import { findQuantities, handFormattedMessage, maskMdx, numMarkup, type Quantity } from './quantities.ts'

type Found = { line: number; lang: Lang; quantity: Quantity; start: number; end: number; type: Scalar['type'] }

function scan(text: string): { found: Found[]; markupProblems: Array<{ line: number; message: string }> } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  const found: Found[] = []
  const markupProblems: Array<{ line: number; message: string }> = []
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return
      const lang = pair.key.value
      const value = pair.value.value
      if ((lang !== 'en' && lang !== 'es') || typeof value !== 'string' || !pair.value.range) return
      const [start, end] = pair.value.range
      const line = lineCounter.linePos(start).line
      for (const tag of numTags(value)) {
        const problem = numProblem(tag.attributes)
        if (problem) markupProblems.push({ line, message: problem })
      }
      for (const quantity of findQuantities(maskMdx(value), lang))
        found.push({ line, lang, quantity, start, end, type: pair.value.type })
    },
  })
  return { found, markupProblems }
}

/** Problems for courses:check: every hand-formatted quantity and every malformed <Num /> in a quiz file. */
export function quizNumberProblems(text: string): Array<{ line: number; message: string }> {
  const { found, markupProblems } = scan(text)
  return [
    ...markupProblems,
    ...found.map(({ line, quantity, type }) => ({
      line,
      message: handFormattedMessage(quantity, type === Scalar.QUOTE_DOUBLE ? "'" : '"'),
    })),
  ]
}

/** The quiz file with its quantities rewritten as <Num />; a quantity whose source text differs from its value (escapes, folding) is left and counted in `skipped`. */
export function convertQuizYaml(text: string): { text: string; count: number; skipped: Found[] } {
  const { found } = scan(text)
  const skipped: Found[] = []
  // From the end of the file back, so earlier offsets stay right.
  const byScalar = new Map<number, Found[]>()
  for (const f of found) byScalar.set(f.start, [...(byScalar.get(f.start) ?? []), f])
  let out = text
  let count = 0
  for (const start of [...byScalar.keys()].sort((a, b) => b - a)) {
    const list = byScalar.get(start)!
    const end = list[0]!.end
    let raw = out.slice(start, end)
    const masked = maskMdx(raw)
    const quote = list[0]!.type === Scalar.QUOTE_DOUBLE ? "'" : '"'
    // Replace each quantity's text in order of appearance, searching after the previous one.
    let from = 0
    let rebuilt = ''
    for (const f of list) {
      const at = masked.indexOf(f.quantity.text, from)
      if (at === -1) {
        skipped.push(f)
        continue
      }
      rebuilt += raw.slice(from, at) + numMarkup(f.quantity, quote)
      from = at + f.quantity.text.length
      count++
    }
    raw = rebuilt + raw.slice(from)
    out = out.slice(0, start) + raw + out.slice(end)
  }
  return { text: out, count, skipped }
}
