// Renders a compiled lesson to static HTML at build time. A lesson's text never changes between
// requests, so the request path only inserts this HTML: no React render of the lesson tree, and
// no lesson JavaScript in the browser. Quizzes are the one interactive part: they render as
// slots (<div data-quiz-slot="id">, see components/mdx) that the lesson page fills with the live quiz.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { getMDXComponent } from 'mdx-bundler/client'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { LessonContext, mdxComponents, type LessonData, type LessonGlossary } from '#app/components/mdx/index.tsx'
import { i18nInstance } from '#app/utils/i18n-instance.server.ts'
import { withHeadingIds } from './headings.ts'
import { type Locale } from './load.server.ts'
import { NumberConventionContext } from './number-convention.tsx'
import { type NumberConvention } from './numbers.ts'
import { renderId } from './render-id.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Set by scripts/build-server.mjs in the production bundles (computed from the sources at build time). */
declare const AULA_RENDER_ID: string | undefined

/** Part of the cache key: changing a lesson component or its labels re-renders every lesson. */
export const RENDER_ID = typeof AULA_RENDER_ID === 'string' ? AULA_RENDER_ID : renderId(ROOT)

/**
 * Build time only: mdx-bundler's getMDXComponent evaluates the compiled code (trusted repo content).
 * Each h2/h3 gets its id here, once (withHeadingIds): the lesson page and the search read them.
 */
export function renderLessonHtml(
  code: string,
  locale: Locale,
  glossary: LessonGlossary,
  glossaryHref: string | undefined,
  convention: NumberConvention,
  data?: LessonData,
): string {
  const Lesson = getMDXComponent(code)
  return withHeadingIds(
    renderToStaticMarkup(
      <I18nextProvider i18n={i18nInstance(locale)}>
        <NumberConventionContext.Provider value={convention}>
          <LessonContext.Provider value={{ glossary, glossaryHref, locale, ...data }}>
            <Lesson components={mdxComponents} />
          </LessonContext.Provider>
        </NumberConventionContext.Provider>
      </I18nextProvider>,
    ),
  )
}
