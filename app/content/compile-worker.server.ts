// The compile worker's job: one lesson written in the browser, checked, compiled and pre-rendered
// exactly as the build does it (build.server.ts: compileLesson, charts, renderLessonHtml), run
// inside a worker thread with a time and memory limit (compile-untrusted.server.ts, ADR 034 §1).
// Started as a worker, this file answers the jobs its parent posts; the same function runs
// in-process only in tests.
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { type LessonGlossary } from '#app/components/mdx/index.tsx'
import { renderChart, type RenderedChart } from './charts.server.ts'
import { compileLesson } from './compile.server.ts'
import { readLessonFile, type Locale, type Problem } from './load.server.ts'
import { type ManifestDataset } from './manifest.ts'
import { type NumberConvention } from './numbers.ts'
import { renderLessonHtml } from './prerender.server.tsx'
import { type Glossary } from './schema.ts'

/** What the lesson may refer to: its course's ids, glossary, assets and datasets (all cloneable). */
export type CompileCourse = {
  courseSlug: string
  lessonIds: string[]
  glossary: Glossary
  quizIds: string[]
  /** asset file name -> public URL */
  assets: Array<[string, string]>
  datasets: Array<[string, ManifestDataset]>
  /** The course's glossary page in the lesson's language, where key terms link. */
  glossaryHref: string
}

export type CompileJob = {
  /** The whole lesson file: frontmatter and body. */
  source: string
  /** The name problems are reported under. */
  file: string
  locale: Locale
  convention: NumberConvention
  course: CompileCourse
}

export type CompileAnswer = { html: string | null; problems: Problem[] }

export async function compileAndRender(job: CompileJob): Promise<CompileAnswer> {
  const { source, file, locale, convention, course } = job
  const problems: Problem[] = []
  // The file's own checks (frontmatter, hand-formatted numbers), as courses:check runs them.
  const { body, bodyLine } = readLessonFile(file, source, locale, problems)
  const datasets = new Map(course.datasets)
  const result = await compileLesson(body, {
    courseSlug: course.courseSlug,
    locale,
    file,
    bodyLine,
    lessonIds: new Set(course.lessonIds),
    glossaryIds: new Set(Object.keys(course.glossary)),
    quizIds: new Set(course.quizIds),
    assets: new Map(course.assets),
    datasets,
    convention,
  })
  problems.push(...result.problems)
  if (!result.lesson || result.problems.length) return { html: null, problems: sorted(problems) }
  const charts: RenderedChart[] = []
  try {
    for (const c of result.lesson.charts) charts.push(await renderChart(c, datasets.get(c.dataset)!, locale))
  } catch (error) {
    problems.push({ file, message: `a chart does not render: ${(error as Error).message}` })
    return { html: null, problems: sorted(problems) }
  }
  const glossary: LessonGlossary = Object.fromEntries(
    Object.entries(course.glossary).map(([id, entry]) => [id, entry[locale]]),
  )
  try {
    const html = renderLessonHtml(result.lesson.code, locale, glossary, course.glossaryHref, convention, {
      courseSlug: course.courseSlug,
      datasets: Object.fromEntries(datasets),
      charts,
    })
    return { html, problems: sorted(problems) }
  } catch (error) {
    problems.push({ file, message: `the lesson does not render: ${(error as Error).message}` })
    return { html: null, problems: sorted(problems) }
  }
}

const sorted = (problems: Problem[]) => problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))

export type WorkerRequest = { id: number; job: CompileJob }
export type WorkerReply = { id: number; answer?: CompileAnswer; error?: string }

if (!isMainThread && (workerData as { aulaCompileWorker?: boolean } | null)?.aulaCompileWorker) {
  const port = parentPort!
  port.on('message', (request: WorkerRequest) => {
    compileAndRender(request.job).then(
      (answer) => port.postMessage({ id: request.id, answer } satisfies WorkerReply),
      (error: unknown) => port.postMessage({ id: request.id, error: String(error) } satisfies WorkerReply),
    )
  })
  port.postMessage({ ready: true })
}
