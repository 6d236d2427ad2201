// The compile worker (ADR 034 §1): a lesson from the browser is checked, compiled and pre-rendered
// in a worker thread with a time and heap limit. Code in the lesson is refused at its line and
// never runs; a lesson the check lets through but that takes too long ends at the time limit with
// the worker terminated and the process still compiling; a course's lesson comes out exactly as the
// build renders it.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { loadCourse, type Locale } from '#app/content/load.server.ts'
import { compileCourse, lessonFileName, publishedLessonText } from '#app/studio/studio.server.ts'
import { CONTENT_BUILD_DIR, getCourse, lessonHtmlFile } from './catalog.server.ts'
import { compileUntrusted, compileWorkerStats, stopCompileWorker } from './compile-untrusted.server.ts'
import { type CompileJob } from './compile-worker.server.ts'
import { MAX_MDX_BYTES } from './mdx-safety.server.ts'
import { defaultConvention } from './numbers.ts'

// The course as its files have it (the Studio reads the published version; these tests need no database).
const courseFiles = (id: string) => loadCourse(path.resolve('courses', id), [], [])

afterAll(() => stopCompileWorker())

const FRONTMATTER = '---\ntitle: A lesson\nsummary: What it is about.\nminutes: 5\n---\n'
// The body starts on line 6 of the file the editor shows.
const BODY_LINE = 6
const MARKER = path.join(os.tmpdir(), `aula-compile-marker-${process.pid}`)
const write = (what: string) => `require("node:fs").writeFileSync(${JSON.stringify(MARKER)}, "${what}")`

function job(source: string, locale: Locale = 'en'): CompileJob {
  const course = courseFiles('iccs')
  return {
    source,
    file: lessonFileName('iccs', 'studio/test', locale),
    locale,
    convention: defaultConvention(locale),
    course: compileCourse(course, locale),
  }
}

const BAD: Array<[label: string, body: string, code: string, line: number]> = [
  ['an import', `Intro.\n\nimport fs from "node:fs"\n\n${write('import')}\n`, 'import-export', 3],
  ['an export', `# Title\n\nexport const x = ${write('export')}\n`, 'import-export', 3],
  ['{process.exit()}', 'The rate is {process.exit()} per 100,000.\n', 'expression', 1],
  ['an expression that writes a file', `Intro.\n\n{${write('expression')}}\n`, 'expression', 3],
  ['a script element', `Intro.\n\n<script>{${write('script')}}</script>\n`, 'element', 3],
  ['an event-handler attribute', '<Callout type="note" onClick="alert(1)">\n  Hi\n</Callout>\n', 'attribute', 1],
  ['a javascript: link', 'Intro.\n\nClick [here](javascript:alert(1)).\n', 'url-scheme', 3],
  ['an enormous document', `# Big\n\n${'All work and no play. '.repeat(MAX_MDX_BYTES / 20)}\n`, 'too-large', 0],
  ['a deeply nested document', `Intro.\n\n${'> '.repeat(40)}deep\n`, 'too-deep', 3],
  [
    'components nested deeply',
    `${'<Callout type="note">\n\n'.repeat(40)}deep\n\n${'</Callout>\n\n'.repeat(40)}`,
    'too-deep',
    -1,
  ],
]

test.each(BAD)('%s is refused at its line in the worker and nothing runs', async (_label, body, code, line) => {
  rmSync(MARKER, { force: true })
  const started = compileWorkerStats.started
  const answer = await compileUntrusted(job(FRONTMATTER + body))
  expect(answer.html).toBeNull()
  const problem = answer.problems.find((p) => p.code === code)
  expect(problem, JSON.stringify(answer.problems)).toBeDefined()
  // The size limit is the whole document's (no line); the deep components are refused at the first too deep.
  if (line > 0) expect(problem!.line).toBe(line + BODY_LINE - 1)
  else if (line < 0) expect(problem!.line).toBeGreaterThan(BODY_LINE)
  expect(existsSync(MARKER)).toBe(false)
  // Nothing crashed the worker (process.exit() would have ended it): the same worker answered.
  expect(compileWorkerStats.started).toBe(Math.max(started, 1))
  expect(compileWorkerStats.terminated).toBe(0)
})

test('a lesson the check lets through but that is too slow ends at the time limit, and the next one compiles', async () => {
  // 45,000 unfinished links: under the size limit, and seconds of parsing (ADR 034 §1).
  const slow = FRONTMATTER + '[a]('.repeat(45_000)
  expect(Buffer.byteLength(slow)).toBeLessThan(MAX_MDX_BYTES)
  await compileUntrusted(job(FRONTMATTER + 'Warm.\n')) // the worker is started and loaded
  const before = compileWorkerStats.terminated
  const started = performance.now()
  const answer = await compileUntrusted(job(slow), { timeLimitMs: 1_000 })
  const took = performance.now() - started
  expect(answer).toEqual({ html: null, problems: [expect.objectContaining({ code: 'too-complex' })] })
  expect(took).toBeGreaterThanOrEqual(1_000)
  expect(took).toBeLessThan(3_000)
  expect(compileWorkerStats.terminated).toBe(before + 1)
  // The process is healthy: a new worker compiles the next lesson.
  const next = await compileUntrusted(job(`${FRONTMATTER}# Still here\n\nA *fine* lesson.\n`))
  expect(next.problems).toEqual([])
  expect(next.html).toContain('<em>fine</em>')
})

test('a course lesson with a chart, a key term and numbers compiles to the HTML the build made', async () => {
  const course = getCourse('victimization-surveys')!
  const lesson = course.modules.flatMap((m) => m.lessons).find((l) => l.id === 'indicators/prevalence-and-incidence')!
  const source = courseFiles('victimization-surveys')
  for (const locale of ['en', 'es'] as const) {
    for (const convention of ['point', 'comma'] as const) {
      const answer = await compileUntrusted({
        source: publishedLessonText(source, lesson.id, locale),
        file: lessonFileName(course.id, lesson.id, locale),
        locale,
        convention,
        course: compileCourse(source, locale),
      })
      expect(answer.problems).toEqual([])
      const built = readFileSync(
        path.join(CONTENT_BUILD_DIR, 'lessons', lessonHtmlFile(lesson.locales[locale], convention)),
        'utf8',
      )
      expect(answer.html).toContain('<svg')
      expect(answer.html).toBe(built)
    }
  }
})
