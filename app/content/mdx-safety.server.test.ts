// The rules of mdx-safety.server.ts: every lesson of the four courses passes them, and each kind
// of code an untrusted author might try is refused at its line, before anything compiles or runs.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { compileLesson } from './compile.server.ts'
import {
  MAX_LINE_NESTING,
  MAX_MDX_BYTES,
  MAX_MDX_DEPTH,
  mdxSafetyProblems,
  type SafetyCode,
} from './mdx-safety.server.ts'

const COURSES = path.resolve('courses')

function lessonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? lessonFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.mdx')
        ? [path.join(dir, entry.name)]
        : [],
  )
}

test('every lesson of the courses is Markdown and course components only', () => {
  const files = lessonFiles(COURSES)
  expect(files.length).toBeGreaterThan(80)
  const refused = files.flatMap((file) => {
    const body = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '')
    return mdxSafetyProblems(body).map((p) => `${path.relative(COURSES, file)}:${p.line}: ${p.message}`)
  })
  expect(refused).toEqual([])
})

const CASES: Array<[label: string, source: string, code: SafetyCode, line: number]> = [
  ['an import', 'Text.\n\nimport fs from "node:fs"\n', 'import-export', 3],
  ['an export', '# Title\n\nexport const x = process.exit(1)\n', 'import-export', 3],
  ['an expression in text', 'The rate is {process.exit()} per 100,000.\n', 'expression', 1],
  ['an expression on its own line', 'Intro.\n\n{globalThis.fetch("https://evil.example")}\n', 'expression', 3],
  ['a script element', 'Intro.\n\n<script>alert(1)</script>\n', 'element', 3],
  ['an iframe', '<iframe src="https://evil.example"></iframe>\n', 'element', 1],
  ['a plain HTML element with a handler', 'See <span onmouseover="alert(1)">this</span>.\n', 'element', 1],
  ['an event handler on a component', '<Callout type="note" onClick="alert(1)">\n  Hi\n</Callout>\n', 'attribute', 1],
  ['an expression attribute', 'A <Num value={1e9} unit="%" /> rise.\n', 'attribute-expression', 1],
  ['a spread attribute', '<Callout {...props}>\n  Hi\n</Callout>\n', 'attribute-expression', 1],
  ['a valueless attribute', 'A <KeyTerm id>term</KeyTerm>.\n', 'attribute-without-value', 1],
  ['a javascript: link', 'Click [here](javascript:alert(1)).\n', 'url-scheme', 1],
  ['a JAVASCRIPT: link in capitals', 'Click [here](JAVASCRIPT:alert(1)).\n', 'url-scheme', 1],
  ['a data: image', 'Intro.\n\n![chart](data:image/svg+xml;base64,PHN2Zz4=)\n', 'url-scheme', 3],
  ['a vbscript: reference definition', 'See [the source][s].\n\n[s]: vbscript:msgbox(1)\n', 'url-scheme', 3],
  ['a javascript: figure source', '<Figure src="javascript:alert(1)" alt="x" />\n', 'url-scheme', 1],
]

test.each(CASES)('%s is refused with its line', (_label, source, code, line) => {
  const problems = mdxSafetyProblems(source)
  expect(problems.map((p) => p.code)).toContain(code)
  expect(problems.find((p) => p.code === code)?.line).toBe(line)
})

test('an enormous document is refused before it is parsed', () => {
  const problems = mdxSafetyProblems('Crime statistics. '.repeat(Math.ceil(MAX_MDX_BYTES / 18) + 10))
  expect(problems).toEqual([expect.objectContaining({ code: 'too-large' })])
})

test('a document nested too deeply is refused: quotes on one line, components over many', () => {
  const quotes = `Intro.\n\n${'> '.repeat(5000)}deep\n`
  expect(mdxSafetyProblems(quotes)).toEqual([expect.objectContaining({ code: 'too-deep', line: 3 })])
  // Lines that each open many quotes: the parser's time explodes with them (minutes at 30), so
  // they are refused before it runs.
  const ladder = Array.from({ length: 200 }, (_, i) => `${'> '.repeat(Math.min(i, 30))}x`).join('\n')
  expect(mdxSafetyProblems(ladder)).toEqual([expect.objectContaining({ code: 'too-deep', line: MAX_LINE_NESTING + 2 })])
  const depth = MAX_MDX_DEPTH + 5
  const components = `${'<Callout>\n\n'.repeat(depth)}deep\n\n${'</Callout>\n\n'.repeat(depth)}`
  expect(mdxSafetyProblems(components).map((p) => p.code)).toEqual(['too-deep'])
  // Within the limit the same shape is accepted.
  const fine = `${'<Callout>\n\n'.repeat(5)}deep\n\n${'</Callout>\n\n'.repeat(5)}`
  expect(mdxSafetyProblems(fine)).toEqual([])
})

test('allowed: Markdown, math with braces, components with quoted attributes, https and lesson links', () => {
  const source = [
    '## A section',
    '',
    'The rate is $r = \\frac{h}{p} \\times 100{,}000$ and <Num value="6.4" /> per <KeyTerm id="rate">rate</KeyTerm>.',
    '',
    '<Callout type="tip">',
    '  See [the ICCS](https://www.unodc.org/) and [the next lesson](lesson:structure/sections).',
    '</Callout>',
    '',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
  ].join('\n')
  expect(mdxSafetyProblems(source)).toEqual([])
})

test('the compiler refuses an unsafe lesson without compiling it: nothing in it runs', async () => {
  const marker = '__aulaMdxRan'
  const body = `Intro.\n\nexport const x = (globalThis.${marker} = 1)\n\n{(globalThis.${marker} = 2)}\n`
  const { lesson, problems } = await compileLesson(body, {
    courseSlug: 'iccs',
    locale: 'en',
    file: 'courses/iccs/01-x/01-y.en.mdx',
    bodyLine: 5,
    lessonIds: new Set(),
    glossaryIds: new Set(),
    quizIds: new Set(),
    assets: new Map(),
    datasets: new Map(),
    convention: 'point',
  })
  expect(lesson).toBeNull()
  expect(problems.map((p) => p.line)).toEqual([7, 9])
  expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined()
})
