// `npm run courses:new -- <course> [<module> [<lesson>]]`: creates what is missing, in both
// languages, numbered after what exists. Never overwrites a file. New modules and lessons are
// drafts (status: draft), so a scaffold in a published course never reaches learners, and their
// TODO placeholders are refused by courses:check once they are published.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SLUG } from './schema.ts'

const LESSON_BODY = {
  en: 'Write the lesson here. See docs/authoring.md for the components you can use.',
  es: 'Escriba aquí la lección. En docs/authoring.md están los componentes disponibles.',
} as const

/**
 * A new lesson's file in one language (courses:new and the Studio's "add a lesson"): a draft, so
 * learners do not see it, with TODO placeholders courses:check refuses once it is published.
 */
export function newLessonText(locale: 'en' | 'es', title: string): string {
  // A JSON string is a YAML double-quoted scalar; the scaffold's TODO titles stay as they were.
  const yamlTitle = title.startsWith('TODO') ? title : JSON.stringify(title)
  return `---\ntitle: ${yamlTitle}\nsummary: TODO\nminutes: 10\nstatus: draft\n---\n\n${LESSON_BODY[locale]}\n`
}

const next = (dir: string) => {
  const numbers = existsSync(dir)
    ? readdirSync(dir)
        .map((n) => Number(n.slice(0, 2)))
        .filter(Number.isFinite)
    : []
  return String((numbers.length ? Math.max(...numbers) : 0) + 1).padStart(2, '0')
}
const find = (dir: string, slug: string) =>
  existsSync(dir)
    ? readdirSync(dir).find((n) => n.replace(/^\d{2}-/, '').replace(/\.(en|es)\.mdx$/, '') === slug)
    : undefined
const write = (file: string, text: string, created: string[]) => {
  if (existsSync(file)) return
  writeFileSync(file, text)
  created.push(file)
}

/** "02-practice" (the folder's name, as typed by copying it) and "practice" are the same slug. */
const bareSlug = (arg: string | undefined) => arg?.replace(/^\d{2}-(?=[a-z])/, '')

export function scaffold(root: string, rawArgs: string[]): string {
  const args = rawArgs.map((arg, i) => (i === 0 ? arg : bareSlug(arg)!))
  const [course, moduleSlug, lessonSlug] = args
  if (!course) return 'Usage: npm run courses:new -- <course-slug> [<module-slug> [<lesson-slug>]]'
  for (const slug of args)
    if (!SLUG.test(slug)) throw new Error(`"${slug}" is not a slug: use lower-case letters, digits and hyphens`)
  const created: string[] = []
  const courseDir = path.join(root, course)
  mkdirSync(path.join(courseDir, 'quizzes'), { recursive: true })
  mkdirSync(path.join(courseDir, 'assets'), { recursive: true })
  write(
    path.join(courseDir, 'course.yaml'),
    `id: ${course}\nstatus: draft\nlevel: introductory\nhours: 1\nprice: 0\ncurrency: USD\ntopics: [classification]\ntrainers: []\ncertificate:\n  allLessons: true\n  quizzes: []\ntitle:\n  en: TODO English title\n  es: TODO título en español\nsummary:\n  en: TODO one or two sentences for the catalogue.\n  es: TODO una o dos frases para el catálogo.\noutcomes:\n  en:\n    - TODO what a learner can do after the course\n  es:\n    - TODO lo que la persona podrá hacer al terminar\n`,
    created,
  )
  write(path.join(courseDir, 'glossary.yaml'), '{}\n', created)
  if (moduleSlug) {
    const existing = find(courseDir, moduleSlug)
    const moduleDir = path.join(courseDir, existing ?? `${next(courseDir)}-${moduleSlug}`)
    mkdirSync(moduleDir, { recursive: true })
    write(
      path.join(moduleDir, 'module.yaml'),
      // A draft: learners see it once its status is changed to published (and its TODOs are gone).
      'status: draft\ntitle:\n  en: TODO module title\n  es: TODO título del módulo\nsummary:\n  en: TODO one sentence.\n  es: TODO una frase.\n',
      created,
    )
    if (lessonSlug) {
      const prefix = find(moduleDir, lessonSlug)?.slice(0, 2) ?? next(moduleDir)
      for (const [locale, title] of [
        ['en', 'TODO lesson title'],
        ['es', 'TODO título de la lección'],
      ] as const) {
        write(path.join(moduleDir, `${prefix}-${lessonSlug}.${locale}.mdx`), newLessonText(locale, title), created)
      }
    }
  }
  return created.length
    ? `Created:\n${created.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n')}`
    : 'Nothing to create: it all exists already.'
}
