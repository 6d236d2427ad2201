// Each toolbar snippet compiles, in both languages, against a course's own ids: the worker finds no
// problem in a lesson made of all of them (the figure needs an image the course has; none has one).
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { compileUntrusted, stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { loadCourse } from '#app/content/load.server.ts'
import { defaultConvention } from '#app/content/numbers.ts'
import { COMPONENT_KINDS, componentSnippet } from './snippets.ts'
import { compileCourse, lessonFileName, snippetIds } from './studio.server.ts'

// The course as its files have it (the Studio reads the published version; these tests need no database).
const courseFiles = (id: string) => loadCourse(path.resolve('courses', id), [], [])

afterAll(() => stopCompileWorker())

const FRONTMATTER = '---\ntitle: Snippets\nsummary: Every component.\nminutes: 5\n---\n'

test.each(['en', 'es'] as const)('every component the toolbar inserts compiles (%s)', async (locale) => {
  const source = courseFiles('iccs')
  const ids = snippetIds(source)
  expect(Object.values(ids).filter((id) => id === null)).toEqual([null]) // only the image
  const body = COMPONENT_KINDS.filter((kind) => kind !== 'figure')
    .map((kind) => {
      const { text, block } = componentSnippet(kind, locale, ids)
      return block ? text : `A sentence with ${text} inside.`
    })
    .join('\n\n')
  const job = (text: string) => ({
    source: `${FRONTMATTER}${text}\n`,
    file: lessonFileName('iccs', 'studio/snippets', locale),
    locale,
    convention: defaultConvention(locale),
    course: compileCourse(source, locale),
  })
  const answer = await compileUntrusted(job(body))
  expect(answer.problems).toEqual([])
  expect(answer.html).toContain('<svg')
  expect(answer.html).toContain('data-quiz-slot')
  const figure = await compileUntrusted(job(componentSnippet('figure', locale, ids).text))
  expect(figure.problems.map((p) => p.message)).toEqual([
    'image "assets/image.png" not found in the course\'s assets/ folder',
  ])
})
