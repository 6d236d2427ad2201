// A lesson's text travels once (issue #13, "send each byte once"): a document request carries it as
// markup only, not again in the page's loader data; a client-side navigation's data request
// (single fetch, `.data`) carries it in the data, since there is no markup. Over real HTTP. Both
// pages that show lesson text: a lesson, and a module's printable page.
import { expect, test } from 'vitest'
import { getCourse, lessonHtmlFile, lessonHtmlParts } from '#app/content/catalog.server.ts'
import { serveAppForFile } from '#tests/http.ts'

const app = serveAppForFile({ catalogue: true })

/** The pre-rendered English text of the module's lessons (all, or one). */
function htmlOf(moduleSlug: string, lessonSlug?: string) {
  return getCourse('iccs')!
    .modules.find((m) => m.slug === moduleSlug)!
    .lessons.filter((l) => !lessonSlug || l.slug === lessonSlug)
    .flatMap((lesson) => lessonHtmlParts(lessonHtmlFile(lesson.locales.en, 'point')))
    .map((part) => ('html' in part ? part.html : ''))
    .join('')
}

/** A run of plain words from a lesson's text: the same however it is escaped. */
function phraseOf(moduleSlug: string, lessonSlug: string) {
  const phrase = htmlOf(moduleSlug, lessonSlug)
    .replace(/<[^>]+>/g, '\n')
    .split('\n')
    .map((text) => /[A-Za-z ]{40,}/.exec(text)?.[0].trim())
    .find(Boolean)
  expect(phrase, 'a run of plain words in the lesson').toBeTruthy()
  return phrase!
}

const occurrences = (text: string, phrase: string) => text.split(phrase).length - 1

const MODULE = 'why-a-classification'
const LESSON = 'origin-and-status'

test.each([
  ['a lesson', `/en/courses/iccs/${MODULE}/${LESSON}`, LESSON],
  ['a module page (all its lessons)', `/en/courses/iccs/${MODULE}`, undefined],
])('%s: the text once in the document, and in the data of a client-side navigation', async (_, path, shown) => {
  const phrase = phraseOf(MODULE, LESSON)
  // As often as the lessons shown hold it: once each, not again in the page's data.
  const expected = occurrences(htmlOf(MODULE, shown), phrase)
  expect(expected).toBeGreaterThan(0)
  const page = await (await fetch(`${app.origin}${path}`)).text()
  expect(occurrences(page, phrase)).toBe(expected)
  const data = await fetch(`${app.origin}${path}.data`)
  expect(data.status).toBe(200)
  expect(occurrences(await data.text(), phrase)).toBe(expected)
})
