// Compiles one lesson (one language) with mdx-bundler, ahead of time. Never on the request path;
// prerender.server.tsx then turns the result into static HTML.
// Math becomes MathML at compile time (rehype-katex, output "mathml"): no KaTeX JavaScript,
// CSS or fonts reach the browser, and no inline styles fight the Content-Security-Policy.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleMDX } from 'mdx-bundler'
import rehypeKatex from 'rehype-katex'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import { visit } from 'unist-util-visit'
import { CHART_TYPES, type ChartRequest, type ChartType } from './charts.server.ts'
import { type Problem, type Locale } from './load.server.ts'
import { type ManifestDataset } from './manifest.ts'
import { mdxSafetyProblems } from './mdx-safety.server.ts'
import { mathHasNumbers, mathInConvention, numProblem, type NumberConvention } from './numbers.ts'

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules')
const version = (name: string) =>
  (JSON.parse(readFileSync(path.join(NODE_MODULES, name, 'package.json'), 'utf8')) as { version: string }).version

/** Part of every cache key: a compiler or plugin upgrade recompiles everything. */
export const COMPILER_ID = [
  `mdx-bundler@${version('mdx-bundler')}`,
  `esbuild@${version('esbuild')}`,
  `remark-gfm@${version('remark-gfm')}`,
  `remark-math@${version('remark-math')}`,
  `rehype-katex@${version('rehype-katex')}`,
  // Charts (charts.server.ts): drawn by Vega-Lite and Vega, made smaller by SVGO.
  `vega@${version('vega')}`,
  `vega-lite@${version('vega-lite')}`,
  `svgo@${version('svgo')}`,
  'katex-output=mathml',
  'aula-remark@4',
  'aula-rehype-align@1',
  'aula-rehype-sections@1',
  'aula-numbers@1',
].join(';')

const CALLOUT_TYPES = new Set(['note', 'tip', 'warning'])

export type LessonContext = {
  courseSlug: string
  locale: Locale
  file: string
  bodyLine: number
  lessonIds: Set<string>
  glossaryIds: Set<string>
  quizIds: Set<string>
  /** asset file name -> public URL */
  assets: Map<string, string>
  /** The course's checked datasets by id. */
  datasets: Map<string, ManifestDataset>
  /** The number convention the lesson is compiled for: math is written in it (ADR 030). */
  convention: NumberConvention
}

/**
 * numbers: the lesson holds a quantity (<Num>, or a number in math) whose writing depends on the
 * convention; charts: what each <Chart> asks for, in order; the build renders them (charts.server.ts).
 */
export type CompiledLesson = {
  code: string
  quizIds: string[]
  keyTerms: string[]
  numbers: boolean
  charts: ChartRequest[]
}

type MdxAttribute = { type: string; name: string; value?: unknown }
type MdxNode = {
  type: string
  name?: string | null
  url?: string
  alt?: string | null
  attributes?: MdxAttribute[]
  position?: { start: { line: number } }
  children?: MdxNode[]
  value?: string
  data?: Record<string, unknown>
}

function stringAttribute(node: MdxNode, name: string): string | null | undefined {
  const attr = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name)
  if (!attr) return undefined
  return typeof attr.value === 'string' ? attr.value : null
}

/** Checks links, images, components and their ids; rewrites lesson links and asset paths. */
type Found = { quizIds: string[]; keyTerms: string[]; numbers: boolean; charts: ChartRequest[] }

function aulaRemark(ctx: LessonContext, problems: Problem[], found: Found) {
  const at = (node: MdxNode) => (node.position ? node.position.start.line + ctx.bodyLine - 1 : undefined)
  const report = (node: MdxNode, message: string) => problems.push({ file: ctx.file, line: at(node), message })
  const assetUrl = (node: MdxNode, src: string) => {
    const name = src.replace(/^\.?\/?assets\//, '')
    const url = src.startsWith('assets/') || src.startsWith('./assets/') ? ctx.assets.get(name) : undefined
    if (!url) report(node, `image "${src}" not found in the course's assets/ folder`)
    return url ?? src
  }
  // Math numbers in the convention being compiled (the format guide's separators otherwise).
  const convertMath = (tex: string) => {
    if (!mathHasNumbers(tex, ctx.locale)) return tex
    found.numbers = true
    return mathInConvention(tex, ctx.locale, ctx.convention)
  }
  return () => (tree: MdxNode) => {
    visit(tree as never, (raw: unknown, index: number | undefined, parent: unknown) => {
      const node = raw as MdxNode
      if ((node.type === 'math' || node.type === 'inlineMath') && typeof node.value === 'string') {
        const tex = convertMath(node.value)
        if (tex !== node.value) {
          node.value = tex
          node.data = { ...node.data, hChildren: [{ type: 'text', value: tex }] }
        }
      } else if (node.type === 'link' && node.url !== undefined) {
        const url = node.url
        if (url.startsWith('lesson:')) {
          const target = url.slice('lesson:'.length).split('#')[0]!
          if (!ctx.lessonIds.has(target))
            report(node, `link to unknown lesson "${target}" (write lesson:<module-slug>/<lesson-slug>)`)
          node.url = `/${ctx.locale}/courses/${ctx.courseSlug}/${target}${url.includes('#') ? url.slice(url.indexOf('#')) : ''}`
        } else if (!/^(https?:|mailto:|#)/.test(url)) {
          report(node, `broken link "${url}": use lesson:<module>/<lesson>, an https:// address or #anchor`)
        }
      } else if (node.type === 'image' && node.url !== undefined) {
        if (!node.alt?.trim()) report(node, `image "${node.url}" needs alt text`)
        node.url = assetUrl(node, node.url)
      } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
        // Only course components with literal attributes get here (mdxSafetyProblems ran first).
        const name = node.name
        if (name === 'Callout') {
          const type = stringAttribute(node, 'type')
          if (type !== undefined && (type === null || !CALLOUT_TYPES.has(type)))
            report(node, 'Callout type must be note, tip or warning')
        } else if (name === 'KeyTerm') {
          const id = stringAttribute(node, 'id')
          if (!id || !ctx.glossaryIds.has(id)) report(node, `KeyTerm id "${id ?? ''}" is not in glossary.yaml`)
          else found.keyTerms.push(id)
        } else if (name === 'Quiz') {
          const id = stringAttribute(node, 'id')
          if (!id || !ctx.quizIds.has(id))
            report(node, `Quiz id "${id ?? ''}" has no file quizzes/${id ?? '<id>'}.yaml`)
          else found.quizIds.push(id)
        } else if (name === 'Dataset') {
          const id = stringAttribute(node, 'id')
          if (!id || !ctx.datasets.has(id))
            report(node, `Dataset id "${id ?? ''}" has no files datasets/${id ?? '<id>'}.yaml and .csv`)
        } else if (name === 'Chart') {
          const request = chartRequest(node, ctx, (message) => report(node, message))
          if (request) {
            // The build renders the chart to SVG; the component finds it by its place in the lesson.
            node.attributes!.push({ type: 'mdxJsxAttribute', name: 'index', value: String(found.charts.length) })
            found.charts.push(request)
          }
        } else if (name === 'Figure') {
          const src = stringAttribute(node, 'src')
          const alt = stringAttribute(node, 'alt')
          if (!alt?.trim()) report(node, 'Figure needs alt text (alt="…")')
          if (!src) report(node, 'Figure needs src="assets/…"')
          else {
            const attr = node.attributes!.find((a) => a.name === 'src')!
            attr.value = assetUrl(node, src)
          }
        } else if (name === 'Num') {
          const attributes = Object.fromEntries(
            (node.attributes ?? []).map((a) => [a.name, typeof a.value === 'string' ? a.value : null]),
          )
          const problem = numProblem(attributes)
          if (problem) report(node, problem)
          found.numbers = true
        } else if (name === 'Formula') {
          const raw = stringAttribute(node, 'tex')
          const tex = raw ? convertMath(raw) : raw
          if (!tex) {
            report(node, 'Formula needs tex="…"')
            return
          }
          // Rendered at compile time like $…$ / $$…$$.
          const math: MdxNode =
            node.type === 'mdxJsxFlowElement'
              ? { type: 'math', value: tex, data: { hName: 'pre', hChildren: [{ type: 'text', value: tex }] } }
              : { type: 'inlineMath', value: tex, data: { hName: 'code', hChildren: [{ type: 'text', value: tex }] } }
          if (parent && typeof index === 'number') (parent as MdxNode).children![index] = math
        }
      }
    })
  }
}

/** A <Chart>'s attributes, checked against its dataset; null (with problems reported) if wrong. */
function chartRequest(node: MdxNode, ctx: LessonContext, report: (message: string) => void): ChartRequest | null {
  const attr = (name: string) => stringAttribute(node, name)
  const id = attr('dataset')
  const dataset = id ? ctx.datasets.get(id) : undefined
  const before = { count: 0 }
  const fail = (message: string) => {
    before.count++
    report(message)
  }
  if (!dataset) fail(`Chart dataset "${id ?? ''}" has no files datasets/${id ?? '<id>'}.yaml and .csv`)
  const type = attr('type')
  if (!type || !(CHART_TYPES as readonly string[]).includes(type)) fail(`Chart type must be ${CHART_TYPES.join(', ')}`)
  if (!attr('title')?.trim()) fail('Chart needs a title="…" in the lesson\'s language')
  if (!attr('description')?.trim()) fail('Chart needs a description="…" saying what the chart shows')
  const x = attr('x')
  const y = attr('y')
  const series = attr('series') ?? undefined
  if (dataset) {
    const column = (role: string, name: string | null | undefined) => {
      const found = dataset.columns.find((c) => c.name === name)
      if (!found) fail(`Chart ${role}="${name ?? ''}" is not a column of dataset "${id}"`)
      return found
    }
    column('x', x)
    const yColumn = column('y', y)
    if (yColumn && yColumn.type !== 'integer' && yColumn.type !== 'number')
      fail(`Chart y="${y}" must be a column of type integer or number`)
    if (series !== undefined) column('series', series)
  }
  if (type === 'stacked-bar' && !series) fail('a stacked-bar Chart needs series="…"')
  if (before.count) return null
  return { dataset: id!, type: type as ChartType, x: x!, y: y!, ...(series ? { series } : {}) }
}

/**
 * GFM table alignment becomes an inline style in MDX's output, which the CSP (style-src 'self')
 * blocks in server-rendered HTML. Turn it into a class instead.
 */
function alignmentAsClass() {
  return (tree: unknown) => {
    visit(tree as never, 'element', (node: { tagName: string; properties?: Record<string, unknown> }) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && node.properties?.align) {
        const align = String(node.properties.align)
        delete node.properties.align
        const existing = node.properties.className
        node.properties.className = [
          ...(Array.isArray(existing) ? existing : existing ? [String(existing)] : []),
          `align-${align}`,
        ]
      }
    })
  }
}

/**
 * Every h2 and h3 gets an id from its place in the lesson, not its words: "section-2" for the
 * second h2, "section-2-1" for the first h3 under it. Both languages of a lesson have the same
 * sections, so the same id names the same section in each: the language switch keeps the
 * reader's place with it. An id the author wrote stays.
 */
function sectionIds() {
  return (tree: unknown) => {
    let h2 = 0
    let h3 = 0
    visit(tree as never, 'element', (node: { tagName: string; properties?: Record<string, unknown> }) => {
      if (node.tagName !== 'h2' && node.tagName !== 'h3') return
      if (node.tagName === 'h2') {
        h2++
        h3 = 0
      } else h3++
      node.properties ??= {}
      node.properties.id ??= node.tagName === 'h2' ? `section-${h2}` : `section-${h2}-${h3}`
    })
  }
}

export async function compileLesson(
  body: string,
  ctx: LessonContext,
): Promise<{ lesson: CompiledLesson | null; problems: Problem[] }> {
  // Nothing is compiled (or run) unless the source is Markdown and course components only.
  const unsafe = mdxSafetyProblems(body)
  if (unsafe.length) {
    const problems = unsafe.map(({ code, line, message }) => ({
      file: ctx.file,
      code,
      line: line ? line + ctx.bodyLine - 1 : undefined,
      message,
    }))
    return { lesson: null, problems }
  }
  const problems: Problem[] = []
  const found: Found = { quizIds: [], keyTerms: [], numbers: false, charts: [] }
  try {
    const result = await bundleMDX({
      source: body,
      mdxOptions(options) {
        options.remarkPlugins = [
          ...(options.remarkPlugins ?? []),
          remarkGfm,
          remarkMath,
          aulaRemark(ctx, problems, found),
        ]
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          alignmentAsClass,
          sectionIds,
          [rehypeKatex, { output: 'mathml', throwOnError: false, strict: 'ignore' }],
        ]
        return options
      },
      esbuildOptions(options) {
        options.minify = true
        options.logLevel = 'silent'
        options.target = ['es2020']
        return options
      },
    })
    return { lesson: { code: result.code, ...found }, problems }
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location?: { line: number } | null }> }).errors
    if (errors?.length) {
      for (const e of errors) {
        // The MDX plugin reports "line:column: message" inside the text; esbuild's own location is a fallback.
        const inner = e.text.match(/(\d+):(\d+): ([^\n]+)/)
        const line = inner ? Number(inner[1]) : e.location?.line
        problems.push({
          file: ctx.file,
          line: line ? line + ctx.bodyLine - 1 : undefined,
          message: `MDX does not compile: ${inner ? inner[3] : e.text.split('\n')[0]}`,
        })
      }
    } else {
      problems.push({ file: ctx.file, message: `MDX does not compile: ${(error as Error).message}` })
    }
    return { lesson: null, problems }
  }
}
