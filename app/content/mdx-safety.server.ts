// What a lesson's MDX may contain, checked on its syntax tree BEFORE anything compiles or runs it.
// MDX is a programming language: `import`, `export`, `{expressions}` and attribute expressions
// become JavaScript that runs when the lesson is pre-rendered on the server and could reach the
// browser. A course's lessons are plain Markdown plus the course components with literal props,
// so that is all any lesson may hold, from files or from the browser (the Studio, where the
// author is not trusted with code): one set of rules for both (docs/decisions/034-*).
//
// Refused, each with its line: import/export; JavaScript expressions in text or in attributes
// ({…}, spreads); any element that is not a course component (<script>, <div>, <iframe>…);
// attributes a component does not take (event handlers included), valueless attributes; links and
// images to any scheme but https/http/mailto, a lesson: link, an anchor or the course's assets/
// (so no javascript:, data:, vbscript:); a source over MAX_MDX_BYTES; a tree nested deeper than
// MAX_MDX_DEPTH. A source that does not parse is reported as such (its own line).
import { createProcessor } from '@mdx-js/mdx'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'

/** The largest lesson source (UTF-8 bytes): the longest lesson today has 9.5 KB. */
export const MAX_MDX_BYTES = 200_000
/** The deepest nesting of the syntax tree (lists in quotes in components…): the deepest lesson today reaches 7. */
export const MAX_MDX_DEPTH = 32
/**
 * The most quote or list markers one line may open. The MDX parser's time grows exponentially
 * with them (200 lines opening 20 quotes each took 12 s, 100 lines of 30 over a minute; at 8,
 * 8,000 lines take about 5 s): no lesson needs more than a few.
 */
export const MAX_LINE_NESTING = 8

/**
 * The course components (app/components/mdx/) and the attributes each takes, all strings.
 * The compiler's own checks (compile.server.ts) then validate the values (ids, types, columns).
 */
export const COMPONENT_ATTRIBUTES = {
  Callout: ['type'],
  KeyTerm: ['id'],
  Figure: ['src', 'alt', 'caption', 'width', 'height'],
  Formula: ['tex'],
  DataTable: ['caption'],
  WorkedExample: ['title'],
  Solution: [],
  Quiz: ['id'],
  Num: ['value', 'unit'],
  Dataset: ['id'],
  Chart: ['dataset', 'type', 'x', 'y', 'series', 'title', 'description'],
} as const satisfies Record<string, readonly string[]>

export type LessonComponent = keyof typeof COMPONENT_ATTRIBUTES
export const LESSON_COMPONENTS = Object.keys(COMPONENT_ATTRIBUTES) as LessonComponent[]

/** Why a source was refused: a code (for the Studio's translated message) and an English message. */
export type SafetyCode =
  | 'too-large'
  | 'too-deep'
  | 'does-not-parse'
  | 'import-export'
  | 'expression'
  | 'element'
  | 'attribute'
  | 'attribute-expression'
  | 'attribute-without-value'
  | 'url-scheme'

export type SafetyProblem = { code: SafetyCode; line?: number; message: string }

type Node = {
  type: string
  name?: string | null
  url?: string
  value?: unknown
  attributes?: Array<{ type: string; name?: string; value?: unknown }>
  children?: Node[]
  position?: { start: { line: number } }
}

const ALLOWED_URL = /^(https?:|mailto:|lesson:|#|(\.\/)?assets\/)/i
// A URL's scheme as a browser reads it: leading spaces and control characters are dropped and
// tabs/newlines inside are ignored ("java\tscript:" is javascript:).
const scheme = (url: string) =>
  url
    .replace(/[\u0000-\u0020]/g, '')
    .match(/^([a-z][a-z0-9+.-]*):/i)?.[1]
    ?.toLowerCase()

const TOO_DEEP_LINE = new RegExp(`^(\\s*(>|[-*+]|\\d+[.)])\\s*){${MAX_LINE_NESTING + 1}}`)
const processor = createProcessor({ remarkPlugins: [remarkGfm, remarkMath] })

/** Every reason the source may not be compiled; none means it is plain Markdown and course components. */
export function mdxSafetyProblems(source: string): SafetyProblem[] {
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > MAX_MDX_BYTES)
    return [
      {
        code: 'too-large',
        message: `the lesson is ${Math.ceil(bytes / 1000)} KB; a lesson may have at most ${MAX_MDX_BYTES / 1000} KB (split it)`,
      },
    ]
  // Deep nesting is refused before parsing too: a line that opens more quotes or list levels than
  // the limit (the parser's own recursion is then never reached).
  const deepLine = source.split('\n').findIndex((line) => TOO_DEEP_LINE.test(line))
  if (deepLine >= 0)
    return [
      {
        code: 'too-deep',
        line: deepLine + 1,
        message: `a line opens more than ${MAX_LINE_NESTING} quotes or list levels`,
      },
    ]
  let tree: Node
  try {
    tree = processor.parse(source) as unknown as Node
  } catch (error) {
    const place = (error as { place?: { line?: number; start?: { line?: number } } }).place
    const reason = (error as { reason?: string }).reason ?? (error as Error).message
    return [
      { code: 'does-not-parse', line: place?.line ?? place?.start?.line, message: `MDX does not compile: ${reason}` },
    ]
  }
  const problems: SafetyProblem[] = []
  const report = (node: Node, code: SafetyCode, message: string) =>
    problems.push({ code, line: node.position?.start.line, message })
  // An explicit stack, not recursion: the depth check must not itself overflow.
  const stack: Array<[Node, number]> = [[tree, 0]]
  let deepest = 0
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (depth > MAX_MDX_DEPTH) {
      if (!deepest) report(node, 'too-deep', tooDeep())
      deepest = depth
      continue
    }
    checkNode(node, report)
    for (const child of node.children ?? []) stack.push([child, depth + 1])
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

function tooDeep() {
  return `the lesson is nested more than ${MAX_MDX_DEPTH} levels deep (lists, quotes and components inside each other)`
}

function checkNode(node: Node, report: (node: Node, code: SafetyCode, message: string) => void) {
  switch (node.type) {
    case 'mdxjsEsm':
      return report(node, 'import-export', 'import and export are not allowed in a lesson')
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      return report(
        node,
        'expression',
        'JavaScript expressions {…} are not allowed in a lesson (write \\{ for a literal brace)',
      )
    case 'link':
    case 'image':
    case 'definition':
      return checkUrl(node, String(node.url ?? ''), report)
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      return checkElement(node, report)
  }
}

function checkUrl(node: Node, url: string, report: (node: Node, code: SafetyCode, message: string) => void) {
  const found = scheme(url)
  if (found && !ALLOWED_URL.test(url.trim()))
    report(node, 'url-scheme', `the address "${url.slice(0, 80)}" uses "${found}:"; use https://, mailto: or lesson:`)
}

function checkElement(node: Node, report: (node: Node, code: SafetyCode, message: string) => void) {
  const name = node.name ?? ''
  const allowed = (COMPONENT_ATTRIBUTES as Record<string, readonly string[]>)[name]
  if (!Object.hasOwn(COMPONENT_ATTRIBUTES, name) || !allowed) {
    report(
      node,
      'element',
      `<${name || '>'}${name ? '>' : ''} is not allowed in a lesson; lessons may use Markdown and ${LESSON_COMPONENTS.join(', ')}`,
    )
    return
  }
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute') {
      report(node, 'attribute-expression', `<${name}> takes no {…} spread; write each attribute as name="…"`)
    } else if (attribute.value !== null && typeof attribute.value === 'object') {
      report(
        node,
        'attribute-expression',
        `<${name} ${attribute.name}={…}>: write the value in quotes, ${attribute.name}="…"`,
      )
    } else if (!allowed.includes(attribute.name!)) {
      report(
        node,
        'attribute',
        `<${name}> has no attribute "${attribute.name}"${allowed.length ? `; it takes ${allowed.join(', ')}` : ''}`,
      )
    } else if (attribute.value === null || attribute.value === undefined) {
      report(node, 'attribute-without-value', `<${name} ${attribute.name}> needs a value: ${attribute.name}="…"`)
    } else if (attribute.name === 'src') {
      checkUrl(node, String(attribute.value), report)
    }
  }
}
