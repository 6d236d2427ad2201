// Builds every course into content-build/: each lesson compiled and pre-rendered to HTML
// (lessons/<hash>.html, read by the server, never served as a file), hashed assets (served at
// /content/assets/), and a manifest the server reads at start.
// A lesson is compiled only when its cache key (source + compiler + plugins + what it links to)
// has no artefact yet, so a warm start compiles nothing.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { renderChart, type RenderedChart } from './charts.server.ts'
import { COMPILER_ID, compileLesson } from './compile.server.ts'
import { copyAssets, glossaryPath } from './course-urls.server.ts'
import { isDraftLesson, loadCourses, LOCALES, type LessonSource, type Locale, type Problem } from './load.server.ts'
import { type Manifest, type ManifestCourse, type ManifestLesson, type ManifestLessonLocale } from './manifest.ts'
import { CONVENTIONS, defaultConvention, type NumberConvention } from './numbers.ts'
import { RENDER_ID, renderLessonHtml } from './prerender.server.tsx'

// Also what the server uses, without loading the compiler: course-urls.server.ts.
export { CONTENT_URL_PREFIX, glossaryPath } from './course-urls.server.ts'

/**
 * `problems` fail the build; `warnings` (a missing translation) are reported and published (ADR 029).
 * chartMs: time spent drawing charts to SVG (both number conventions), for ADR 031's figures.
 */
export type BuildResult = {
  manifest: Manifest
  problems: Problem[]
  warnings: Problem[]
  compiled: number
  cached: number
  charts: number
  chartMs: number
}

type LessonMeta = { quizIds: string[]; keyTerms: string[]; numbers?: boolean }

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

function writeAtomic(file: string, data: string) {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, file)
}

export async function buildContent(options: {
  root: string
  outDir: string
  onProgress?: (done: number, total: number, file: string) => void
  write?: boolean
}): Promise<BuildResult> {
  const { root, outDir } = options
  const write = options.write ?? true
  const { courses, problems, warnings } = loadCourses(root)
  const lessonsDir = path.join(outDir, 'lessons')
  if (write) mkdirSync(lessonsDir, { recursive: true })
  const total = courses.reduce(
    (n, c) => n + c.modules.reduce((m, mod) => m + mod.lessons.length * LOCALES.length, 0),
    0,
  )
  let done = 0
  let compiled = 0
  let cached = 0
  let charts = 0
  let chartMs = 0
  const manifest: Manifest = { version: 1, compiler: COMPILER_ID, builtAt: new Date().toISOString(), courses: [] }

  for (const source of courses) {
    const assets = copyAssets(source, outDir, write)
    const lessonIds = new Set(source.modules.flatMap((m) => m.lessons.map((l) => l.id)))
    const glossaryIds = new Set(Object.keys(source.glossary))
    // A lesson's key terms carry their definitions (the tooltip): an edited definition is a new lesson.
    const glossaryHash = sha256(
      JSON.stringify(Object.entries(source.glossary).sort(([a], [b]) => a.localeCompare(b))),
    ).slice(0, 16)
    const quizIds = new Set(source.quizzes.keys())
    const course: ManifestCourse | null = source.course
      ? {
          id: source.slug,
          status: source.course.status,
          level: source.course.level,
          hours: source.course.hours,
          priceCents: Math.round(source.course.price * 100),
          currency: source.course.currency,
          topics: source.course.topics,
          trainers: source.course.trainers,
          certificate: source.course.certificate,
          title: source.course.title,
          summary: source.course.summary,
          outcomes: source.course.outcomes,
          glossary: source.glossary,
          quizzes: Object.fromEntries([...source.quizzes].map(([id, q]) => [id, q.quiz])),
          datasets: Object.fromEntries(source.datasets),
          modules: [],
          contentHash: '',
        }
      : null
    // Lessons show datasets and charts drawn from them: a changed dataset re-renders the course.
    const datasetsHash = sha256(JSON.stringify([...source.datasets])).slice(0, 16)
    const datasets = Object.fromEntries(source.datasets)
    const hashes: string[] = [sha256(readFileSync(path.join(source.dir, 'course.yaml'), 'utf8') ?? ''), datasetsHash]

    for (const mod of source.modules) {
      const lessons: ManifestCourse['modules'][number]['lessons'] = []
      for (const lesson of mod.lessons) {
        const perLocale: Partial<ManifestCourse['modules'][number]['lessons'][number]['locales']> = {}
        for (const locale of LOCALES) {
          const file = lesson.files[locale]
          done++
          if (!file) continue
          options.onProgress?.(done, total, file.path)
          const ctx = {
            courseSlug: source.slug,
            locale,
            file: file.path,
            bodyLine: file.bodyLine,
            lessonIds,
            glossaryIds,
            quizIds,
            assets,
            datasets: source.datasets,
          }
          // Rendered in the language's default convention; a lesson with quantities (<Num>, numbers
          // in math, charts) also in the other one, each its own hash-named file (ADR 030).
          const variant = async (convention: NumberConvention) => {
            const key = sha256(
              JSON.stringify([
                COMPILER_ID,
                RENDER_ID,
                file.body,
                file.bodyLine,
                source.slug,
                locale,
                convention,
                [...lessonIds].sort(),
                [...glossaryIds].sort(),
                glossaryHash,
                [...quizIds].sort(),
                [...assets].sort(),
                datasetsHash,
              ]),
            ).slice(0, 24)
            const metaFile = path.join(lessonsDir, `${key}.meta.json`)
            const htmlFile = path.join(lessonsDir, `${key}.html`)
            if (write && existsSync(metaFile) && existsSync(htmlFile)) {
              cached++
              return { key, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as LessonMeta }
            }
            const result = await compileLesson(file.body, { ...ctx, convention })
            problems.push(...result.problems)
            if (!result.lesson || result.problems.length) return null
            const meta: LessonMeta = {
              quizIds: result.lesson.quizIds,
              keyTerms: result.lesson.keyTerms,
              // A chart's axis numbers are written in the reader's convention too.
              numbers: result.lesson.numbers || result.lesson.charts.length > 0,
            }
            // Charts are drawn by courses:check too, so a chart that cannot render is reported there.
            let rendered: RenderedChart[]
            try {
              const started = performance.now()
              rendered = []
              for (const c of result.lesson.charts)
                rendered.push(await renderChart(c, source.datasets.get(c.dataset)!, locale))
              chartMs += performance.now() - started
              charts += rendered.length
            } catch (error) {
              problems.push({ file: file.path, message: `a chart does not render: ${(error as Error).message}` })
              return null
            }
            if (write) {
              const glossary = Object.fromEntries(
                Object.entries(source.glossary).map(([id, entry]) => [id, entry[locale]]),
              )
              try {
                writeAtomic(
                  htmlFile,
                  renderLessonHtml(
                    result.lesson.code,
                    locale,
                    glossary,
                    glossaryPath(locale, source.slug),
                    convention,
                    { courseSlug: source.slug, datasets, charts: rendered },
                  ),
                )
              } catch (error) {
                problems.push({ file: file.path, message: `the lesson does not render: ${(error as Error).message}` })
                return null
              }
              writeAtomic(metaFile, JSON.stringify(meta))
            }
            compiled++
            return { key, meta }
          }
          const main = defaultConvention(locale)
          const first = await variant(main)
          if (!first) continue
          hashes.push(first.key)
          const { meta } = first
          let byConvention: Record<NumberConvention, string> | undefined
          if (meta.numbers) {
            const other = CONVENTIONS.find((c) => c !== main)!
            const second = await variant(other)
            if (!second) continue
            hashes.push(second.key)
            byConvention = { [main]: `${first.key}.html`, [other]: `${second.key}.html` } as Record<
              NumberConvention,
              string
            >
          }
          if (file.frontmatter) {
            perLocale[locale] = {
              title: file.frontmatter.title,
              summary: file.frontmatter.summary,
              minutes: file.frontmatter.minutes,
              html: `${first.key}.html`,
              ...(byConvention ? { htmlByConvention: byConvention } : {}),
              quizIds: meta.quizIds,
              keyTerms: meta.keyTerms,
            }
          }
        }
        // A draft lesson is checked and compiled, never published.
        const published = publishedLocales(lesson, perLocale)
        if (published && !isDraftLesson(lesson)) lessons.push({ id: lesson.id, slug: lesson.slug, ...published })
      }
      if (course && mod.meta && mod.meta.status !== 'draft' && lessons.length)
        course.modules.push({ slug: mod.slug, title: mod.meta.title, summary: mod.meta.summary, lessons })
    }
    if (course) {
      course.contentHash = sha256(hashes.join(',')).slice(0, 16)
      manifest.courses.push(course)
    }
  }
  if (write) {
    writeAtomic(path.join(outDir, 'manifest.json'), JSON.stringify(manifest))
    // Drop artefacts no lesson points at any more (edited or deleted lessons), unless the build
    // had problems: then the previous good artefacts stay for the pages still using them.
    if (!problems.length) {
      const live = new Set(
        manifest.courses
          .flatMap((c) =>
            c.modules.flatMap((m) =>
              m.lessons.flatMap((l) =>
                [l.locales.en, l.locales.es].flatMap((v) => [v.html, ...Object.values(v.htmlByConvention ?? {})]),
              ),
            ),
          )
          .map((file) => path.basename(file, '.html')),
      )
      for (const name of readdirSync(lessonsDir)) {
        if (!live.has(name.replace(/\.(js|html|meta\.json)$/, ''))) rmSync(path.join(lessonsDir, name), { force: true })
      }
    }
  }
  return { manifest, problems, warnings, compiled, cached, charts, chartMs }
}

/**
 * Both languages of a lesson; or, when one language has no file at all (a missing translation),
 * the other in its place with `missing` saying which (ADR 029). Null when a file did not build.
 */
function publishedLocales(
  lesson: LessonSource,
  built: Partial<Record<Locale, ManifestLessonLocale>>,
): Pick<ManifestLesson, 'locales' | 'missing'> | null {
  const { en, es } = built
  if (en && es) return { locales: { en, es } }
  if (en && !lesson.files.es) return { locales: { en, es: en }, missing: 'es' }
  if (es && !lesson.files.en) return { locales: { en: es, es }, missing: 'en' }
  return null
}
