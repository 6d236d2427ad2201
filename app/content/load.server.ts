// Reads courses/ into a checked structure (docs/course-format.md). Every problem is collected
// with its file and line, never thrown, so `courses:check` can report them all at once.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument, type Document } from 'yaml'
import { type z } from 'zod'
import { LANGS } from '#app/utils/i18n.ts'
import { loadDatasets } from './datasets.server.ts'
import { type ManifestDataset } from './manifest.ts'
import { handFormattedMessage, lessonQuantities } from './quantities.ts'
import { quizNumberProblems } from './quiz-quantities.server.ts'
import {
  CourseSchema,
  FrontmatterSchema,
  GlossarySchema,
  ModuleSchema,
  QuizSchema,
  quizProblems,
  SLUG,
  type CourseFile,
  type Frontmatter,
  type Glossary,
  type ModuleFile,
  type QuizFile,
} from './schema.ts'

export const LOCALES = LANGS
export type Locale = (typeof LOCALES)[number]

/** code: why, for a translated message (the safety check's SafetyCode); the message is English. */
export type Problem = { file: string; line?: number; message: string; code?: string }

export type LessonSource = {
  /** "<module-slug>/<lesson-slug>", the same in both languages. */
  id: string
  slug: string
  order: number
  files: Partial<
    Record<Locale, { path: string; source: string; body: string; bodyLine: number; frontmatter: Frontmatter | null }>
  >
}

export type ModuleSource = {
  slug: string
  order: number
  dir: string
  meta: ModuleFile | null
  lessons: LessonSource[]
}

export type CourseSource = {
  slug: string
  dir: string
  course: CourseFile | null
  glossary: Glossary
  modules: ModuleSource[]
  quizzes: Map<string, { file: string; quiz: QuizFile }>
  assets: string[]
  /** Checked datasets (datasets/<id>.csv + <id>.yaml) by id. */
  datasets: Map<string, ManifestDataset>
}

const ORDERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/
const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(en|es)\.mdx$/

/** Parses YAML and validates it; reports syntax and schema errors at their line. */
export function readYaml<S extends z.ZodTypeAny>(
  file: string,
  text: string,
  schema: S,
  problems: Problem[],
  lineOffset = 0,
): z.infer<S> | null {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: true })
  if (doc.errors.length) {
    for (const error of doc.errors) {
      problems.push({
        file,
        line: lineOffset + (error.linePos?.[0]?.line ?? 1),
        message: `invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })
    }
    return null
  }
  const result = schema.safeParse(doc.toJS())
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({
        file,
        line: lineOffset + lineOf(doc, lineCounter, issue.path),
        message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      })
    }
    return null
  }
  return result.data
}

/** The line of the deepest node of `pathParts` that exists in the document. */
export function lineOf(doc: Document, lineCounter: LineCounter, pathParts: Array<string | number>): number {
  for (let n = pathParts.length; n >= 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line
  }
  return 1
}

export function splitFrontmatter(source: string): { yaml: string | null; body: string; bodyLine: number } {
  const match = source.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?/)
  if (!match) return { yaml: null, body: source, bodyLine: 1 }
  return { yaml: match[1]!, body: source.slice(match[0].length), bodyLine: match[0].split('\n').length }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

/**
 * A lesson file's own checks (frontmatter, hand-formatted numbers), the same for a file in courses/
 * and a lesson written in the Studio: its body and frontmatter, problems added to `problems`.
 */
export function readLessonFile(
  file: string,
  source: string,
  locale: Locale,
  problems: Problem[],
): { body: string; bodyLine: number; frontmatter: Frontmatter | null } {
  const { yaml, body, bodyLine } = splitFrontmatter(source)
  let frontmatter: Frontmatter | null = null
  if (yaml === null)
    problems.push({
      file,
      line: 1,
      message: 'frontmatter (title, summary, minutes between --- lines) is missing',
    })
  else frontmatter = readYaml(file, yaml, FrontmatterSchema, problems, 1)
  for (const q of lessonQuantities(body, locale))
    problems.push({ file, line: q.line + bodyLine - 1, message: handFormattedMessage(q) })
  return { body, bodyLine, frontmatter }
}

/** `problems` are errors (the build fails); `warnings` are published all the same (a missing translation). */
export function loadCourse(dir: string, problems: Problem[], warnings: Problem[]): CourseSource {
  const slug = path.basename(dir)
  const rel = (p: string) => path.relative(process.cwd(), p) || p
  const courseFile = path.join(dir, 'course.yaml')
  let course: CourseFile | null = null
  if (!SLUG.test(slug))
    problems.push({ file: rel(dir), message: 'a course folder name must be lower-case letters, digits and hyphens' })
  if (existsSync(courseFile)) {
    course = readYaml(rel(courseFile), readFileSync(courseFile, 'utf8'), CourseSchema, problems)
    if (course && course.id !== slug)
      problems.push({
        file: rel(courseFile),
        line: 1,
        message: `id "${course.id}" must equal the folder name "${slug}"`,
      })
  } else {
    problems.push({ file: rel(dir), message: 'course.yaml is missing' })
  }

  const glossaryFile = path.join(dir, 'glossary.yaml')
  const glossary = existsSync(glossaryFile)
    ? (readYaml(rel(glossaryFile), readFileSync(glossaryFile, 'utf8'), GlossarySchema, problems) ?? {})
    : {}

  const quizzes = new Map<string, { file: string; quiz: QuizFile }>()
  for (const name of list(path.join(dir, 'quizzes'))) {
    const file = path.join(dir, 'quizzes', name)
    if (!name.endsWith('.yaml')) {
      problems.push({ file: rel(file), message: 'quiz files must end in .yaml' })
      continue
    }
    const text = readFileSync(file, 'utf8')
    const quiz = readYaml(rel(file), text, QuizSchema, problems)
    if (!quiz) continue
    if (quiz.id !== name.replace(/\.yaml$/, ''))
      problems.push({ file: rel(file), line: 1, message: `id "${quiz.id}" must equal the file name` })
    const lineCounter = new LineCounter()
    const doc = parseDocument(text, { lineCounter })
    for (const p of quizProblems(quiz))
      problems.push({ file: rel(file), line: lineOf(doc, lineCounter, p.path), message: p.message })
    for (const p of quizNumberProblems(text)) problems.push({ file: rel(file), ...p })
    quizzes.set(quiz.id, { file: rel(file), quiz })
  }

  const assets = list(path.join(dir, 'assets')).filter((f) => statSync(path.join(dir, 'assets', f)).isFile())

  const modules: ModuleSource[] = []
  const moduleSlugs = new Set<string>()
  for (const name of list(dir)) {
    const moduleDir = path.join(dir, name)
    if (!statSync(moduleDir).isDirectory() || name === 'quizzes' || name === 'assets' || name === 'datasets') continue
    const m = name.match(ORDERED)
    if (!m) {
      problems.push({ file: rel(moduleDir), message: 'a module folder must be named NN-slug (e.g. 01-introduction)' })
      continue
    }
    const moduleSlug = m[2]!
    if (moduleSlugs.has(moduleSlug))
      problems.push({ file: rel(moduleDir), message: `module slug "${moduleSlug}" is used twice` })
    moduleSlugs.add(moduleSlug)
    const metaFile = path.join(moduleDir, 'module.yaml')
    const meta = existsSync(metaFile)
      ? readYaml(rel(metaFile), readFileSync(metaFile, 'utf8'), ModuleSchema, problems)
      : null
    if (!existsSync(metaFile)) problems.push({ file: rel(moduleDir), message: 'module.yaml is missing' })

    const lessons = new Map<string, LessonSource>()
    for (const fileName of list(moduleDir)) {
      if (fileName === 'module.yaml') continue
      const file = path.join(moduleDir, fileName)
      const l = fileName.match(LESSON_FILE)
      if (!l) {
        problems.push({ file: rel(file), message: 'a lesson file must be named NN-slug.en.mdx or NN-slug.es.mdx' })
        continue
      }
      const [, order, lessonSlug, locale] = l as unknown as [string, string, string, Locale]
      const id = `${moduleSlug}/${lessonSlug}`
      const lesson = lessons.get(lessonSlug) ?? { id, slug: lessonSlug, order: Number(order), files: {} }
      if (lesson.order !== Number(order))
        problems.push({
          file: rel(file),
          message: `the ${locale} file's number differs from the other language's (${String(lesson.order).padStart(2, '0')})`,
        })
      const source = readFileSync(file, 'utf8')
      lesson.files[locale] = { path: rel(file), source, ...readLessonFile(rel(file), source, locale, problems) }
      lessons.set(lessonSlug, lesson)
    }
    // A missing translation is a warning, not an error: the lesson is published in the language
    // it has, and learners of the other language are told so on its page (ADR 029).
    for (const lesson of lessons.values()) {
      for (const locale of LOCALES) {
        if (!lesson.files[locale]) {
          const other = lesson.files[locale === 'en' ? 'es' : 'en']!
          warnings.push({
            file: other.path,
            message: `the ${locale === 'en' ? 'English' : 'Spanish'} version (${path.basename(other.path).replace(/\.(en|es)\.mdx$/, `.${locale}.mdx`)}) is missing`,
          })
        }
      }
    }
    if (lessons.size === 0) problems.push({ file: rel(moduleDir), message: 'the module has no lessons' })
    modules.push({
      slug: moduleSlug,
      order: Number(m[1]),
      dir: moduleDir,
      meta,
      lessons: [...lessons.values()].sort((a, b) => a.order - b.order),
    })
  }
  if (modules.length === 0) problems.push({ file: rel(dir), message: 'the course has no modules' })

  if (course) {
    for (const quizId of course.certificate.quizzes) {
      const entry = quizzes.get(quizId)
      if (!entry)
        problems.push({
          file: rel(courseFile),
          message: `certificate.quizzes names "${quizId}", but quizzes/${quizId}.yaml does not exist`,
        })
      else if (entry.quiz.questions.length < MIN_CERTIFICATE_QUESTIONS) {
        const n = entry.quiz.questions.length
        problems.push({
          file: entry.file,
          message: `${quizId} decides the certificate but has ${n} question${n === 1 ? '' : 's'}; a certificate quiz needs at least ${MIN_CERTIFICATE_QUESTIONS}`,
        })
      }
    }
  }
  const datasets = loadDatasets(dir, problems)
  return { slug, dir, course, glossary, modules, quizzes, assets, datasets }
}

/** A quiz named in `certificate.quizzes` decides a certificate: too few questions make it luck (issue 16). */
export const MIN_CERTIFICATE_QUESTIONS = 8

/** What `courses:new` leaves for the author to replace. */
const PLACEHOLDER = /\bTODO\b|Write the lesson here\.|Escriba aquí la lección\./

/** A module or lesson in draft (either language's frontmatter says so) is not published. */
export function isDraftLesson(lesson: LessonSource): boolean {
  return LOCALES.some((locale) => lesson.files[locale]?.frontmatter?.status === 'draft')
}

/**
 * Leftover placeholders in what learners would see: a published course's texts, its published
 * modules and their published lessons. Drafts may keep them until they are published.
 */
function placeholderProblems(source: CourseSource, problems: Problem[]) {
  const rel = (p: string) => path.relative(process.cwd(), p) || p
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : []
  const report = (file: string, text: string, what: string) => {
    const lines = text.split('\n')
    const index = lines.findIndex((line) => PLACEHOLDER.test(line))
    if (index >= 0)
      problems.push({
        file,
        line: index + 1,
        message: `${what} still has a placeholder ("${lines[index]!.trim().slice(0, 60)}"): replace it, or mark it status: draft`,
      })
  }
  if (source.course?.status !== 'published') return
  const courseFile = path.join(source.dir, 'course.yaml')
  if (strings(source.course).some((t) => PLACEHOLDER.test(t)))
    report(rel(courseFile), readFileSync(courseFile, 'utf8'), 'the course')
  for (const mod of source.modules) {
    if (!mod.meta || mod.meta.status === 'draft') continue
    const metaFile = path.join(mod.dir, 'module.yaml')
    if (strings(mod.meta).some((t) => PLACEHOLDER.test(t)))
      report(rel(metaFile), readFileSync(metaFile, 'utf8'), 'the module')
    for (const lesson of mod.lessons) {
      if (isDraftLesson(lesson)) continue
      for (const locale of LOCALES) {
        const file = lesson.files[locale]
        if (file) report(file.path, file.source, 'the lesson')
      }
    }
  }
}

export function loadCourses(root: string): { courses: CourseSource[]; problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = []
  const warnings: Problem[] = []
  const courses = list(root)
    .filter((name) => !name.startsWith('.') && statSync(path.join(root, name)).isDirectory())
    .map((name) => loadCourse(path.join(root, name), problems, warnings))
  for (const course of courses) placeholderProblems(course, problems)
  return { courses, problems, warnings }
}
