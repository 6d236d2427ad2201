// The components lessons may use (docs/authoring.md). One map, handed to every compiled lesson.
import { createContext, useContext, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { type RenderedChart } from '#app/content/charts.server.ts'
import { type DatasetValue, type ManifestDataset } from '#app/content/manifest.ts'
import { Num, NumberConventionContext } from '#app/content/number-convention.tsx'
import { type DatasetColumnType } from '#app/content/schema.ts'
import { type NumberConvention } from '#app/quizzes/numbers.ts'
import { type Lang } from '#app/utils/i18n.ts'

export type LessonGlossary = Record<string, { term: string; definition: string }>
/** What the build hands a lesson besides its glossary: the course's datasets and its charts drawn as SVG. */
export type LessonData = { courseSlug: string; datasets: Record<string, ManifestDataset>; charts: RenderedChart[] }
/**
 * The course's glossary in the lesson's language, and the address of its glossary page; its
 * datasets and charts. The number convention is NumberConventionContext's (ADR 030).
 */
export const LessonContext = createContext<
  {
    glossary: LessonGlossary
    glossaryHref?: string
    locale?: Lang
  } & Partial<LessonData>
>({ glossary: {} })

function Callout({ type = 'note', children }: { type?: 'note' | 'tip' | 'warning'; children: React.ReactNode }) {
  const { t } = useTranslation('lesson')
  const style = {
    note: 'border-brand-600 bg-brand-50',
    tip: 'border-emerald-700 bg-emerald-50',
    warning: 'border-amber-600 bg-amber-50',
  }[type]
  return (
    <aside className={`my-6 rounded-r-md border-l-4 px-4 py-3 ${style}`} aria-label={t(`callout.${type}`)}>
      <p className="mb-1 text-sm font-semibold tracking-wide text-slate-800 uppercase">{t(`callout.${type}`)}</p>
      <div className="[&>p]:my-1">{children}</div>
    </aside>
  )
}

function KeyTerm({ id, children }: { id: string; children: React.ReactNode }) {
  const { glossary, glossaryHref } = useContext(LessonContext)
  const entry = glossary[id]
  const tipId = useId()
  if (!entry) return <strong>{children}</strong>
  // A <dfn> that links to its entry on the course's glossary page, with its definition as a
  // tooltip reachable by keyboard and screen readers, no JavaScript needed. The hidden tooltip
  // takes no room (display: none), so it cannot widen a phone's page; on a narrow screen an open
  // one sits fixed along the bottom of the screen instead of running off its right edge.
  const term = (
    <dfn className="cursor-help font-semibold not-italic underline decoration-dotted underline-offset-4">
      {children}
    </dfn>
  )
  return (
    <span className="group relative">
      {glossaryHref ? (
        <a href={`${glossaryHref}#term-${id}`} aria-describedby={tipId} className="key-term text-inherit">
          {term}
        </a>
      ) : (
        <span tabIndex={0} aria-describedby={tipId}>
          {term}
        </span>
      )}
      <span
        id={tipId}
        role="tooltip"
        className="absolute top-full left-0 z-10 mt-1 hidden w-72 rounded-md border border-slate-300 bg-white p-3 text-sm font-normal text-slate-800 shadow-lg group-focus-within:block group-hover:block max-sm:fixed max-sm:inset-x-4 max-sm:top-auto max-sm:bottom-4 max-sm:w-auto print:hidden"
      >
        <strong>{entry.term}:</strong> {entry.definition}
      </span>
    </span>
  )
}

function Figure({
  src,
  alt,
  caption,
  width,
  height,
}: {
  src: string
  alt: string
  caption?: string
  width?: number
  height?: number
}) {
  return (
    <figure className="my-6">
      <img
        src={src}
        alt={alt}
        width={width}
        height={height}
        loading="lazy"
        decoding="async"
        className="h-auto max-w-full rounded border border-slate-200"
      />
      {caption ? <figcaption className="mt-2 text-sm text-slate-700">{caption}</figcaption> : null}
    </figure>
  )
}

function DataTable({ caption, children }: { caption?: string; children: React.ReactNode }) {
  const id = useId()
  return (
    <figure className="my-6">
      {caption ? (
        <figcaption id={id} className="mb-2 text-sm font-semibold text-slate-800">
          {caption}
        </figcaption>
      ) : null}
      <div
        role="region"
        aria-labelledby={caption ? id : undefined}
        tabIndex={0}
        className="overflow-x-auto [&_table]:w-full [&_td]:border-t [&_td]:border-slate-200 [&_td]:px-3 [&_td]:py-2 [&_th]:bg-slate-100 [&_th]:px-3 [&_th]:py-2 [&_th]:text-left"
      >
        {children}
      </div>
    </figure>
  )
}

function WorkedExample({ title, children }: { title?: string; children: React.ReactNode }) {
  const { t } = useTranslation('lesson')
  return (
    <section className="my-6 rounded-md border border-slate-300 p-4" aria-label={title ?? t('workedExample')}>
      <p className="text-brand-700 text-sm font-semibold tracking-wide uppercase">{t('workedExample')}</p>
      {title ? <p className="mt-1 text-lg font-semibold">{title}</p> : null}
      <div>{children}</div>
    </section>
  )
}

function Solution({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation('lesson')
  // <details> reveals the solution without JavaScript. A closed <details> prints its summary only
  // (Chromium hides the rest whatever the CSS), so the lesson page opens every solution before
  // printing (openDetailsForPrint) and app.css drops the summary on paper.
  return (
    <details className="solution mt-3 rounded bg-slate-50 p-3">
      <summary className="text-brand-700 cursor-pointer font-medium">{t('showSolution')}</summary>
      <div className="mt-2">{children}</div>
    </details>
  )
}

/**
 * Lessons are pre-rendered to HTML at build time (ADR 006); a quiz depends on the learner, so it
 * renders as an empty slot that the lesson page fills with the live quiz (app/quizzes/quiz.tsx).
 */
function Quiz({ id }: { id: string }) {
  return <div data-quiz-slot={id} />
}

/**
 * The convention numbers are written in: a prop, else the one the lesson is rendered for
 * (NumberConventionContext, ADR 030), else the language's (es → comma).
 */
function useConvention(prop?: NumberConvention): NumberConvention {
  const { locale } = useContext(LessonContext)
  const rendered = useContext(NumberConventionContext)
  return prop ?? rendered ?? (locale === 'es' ? 'comma' : 'point')
}

/** A dataset value as a reader of `convention` writes it (years and codes as they are). */
export function formatValue(value: DatasetValue, type: DatasetColumnType, convention: NumberConvention): string {
  if (value === null) return ''
  if (typeof value === 'string' || type === 'year') return String(value)
  const text = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }).format(value)
  return convention === 'comma' ? text.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.')) : text
}

/** Where a dataset downloads (app/routes/$lang.courses.$course.datasets.$file.ts). */
export function datasetHref(lang: string, courseSlug: string, id: string, format: 'csv' | 'xlsx'): string {
  return `/${lang}/courses/${courseSlug}/datasets/${id}.${format}`
}

function Dataset({ id }: { id: string }) {
  const { t } = useTranslation('lesson')
  const { datasets, courseSlug, locale = 'en' } = useContext(LessonContext)
  const headingId = useId()
  const dataset = datasets?.[id]
  if (!dataset || !courseSlug) return null
  const csv = datasetHref(locale, courseSlug, id, 'csv')
  const link = 'text-brand-700 font-medium underline'
  return (
    <section className="dataset my-6 rounded-md border border-slate-300 p-4" aria-labelledby={headingId}>
      <p className="text-brand-700 text-sm font-semibold tracking-wide uppercase">{t('dataset.kind')}</p>
      <p id={headingId} className="mt-1 text-lg font-semibold">
        {dataset.title[locale]}
      </p>
      <p className="my-2">{dataset.description[locale]}</p>
      <dl className="my-2 text-sm [&_dd]:mb-1 [&_dt]:font-semibold">
        {dataset.fictitious ? (
          <>
            <dt>{t('dataset.source')}</dt>
            <dd>{t('dataset.fictitious')}</dd>
          </>
        ) : (
          <>
            <dt>{t('dataset.source')}</dt>
            <dd>{dataset.url ? <a href={dataset.url}>{dataset.source?.[locale]}</a> : dataset.source?.[locale]}</dd>
            <dt>{t('dataset.licence')}</dt>
            <dd>{dataset.licence?.[locale]}</dd>
          </>
        )}
        <dt>{t('dataset.rows')}</dt>
        <dd>{t('dataset.rowCount', { count: dataset.rows.length })}</dd>
      </dl>
      <div role="region" aria-label={t('dataset.columns')} tabIndex={0} className="overflow-x-auto">
        <table className="my-2 w-full text-sm">
          <caption className="text-left font-semibold">{t('dataset.columns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dataset.column')}</th>
              <th scope="col">{t('dataset.meaning')}</th>
              <th scope="col">{t('dataset.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {dataset.columns.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{c.label[locale]}</td>
                <td>{c.unit?.[locale] ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="no-print flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span>{t('dataset.download')}:</span>
        <a href={csv} download className={link}>
          {t('dataset.csvComma')}
        </a>
        <a href={`${csv}?sep=semicolon`} download className={link}>
          {t('dataset.csvSemicolon')}
        </a>
        <a href={datasetHref(locale, courseSlug, id, 'xlsx')} download className={link}>
          {t('dataset.xlsx')}
        </a>
      </p>
    </section>
  )
}

/**
 * A chart drawn from a dataset at build time (app/content/charts.server.ts): the SVG for the
 * lesson's number convention, its title and description as its accessible name and description,
 * and the data behind it in a table one click away. `index` is added by the compiler.
 */
function Chart({
  index,
  title,
  description,
  convention: conventionProp,
}: {
  index: string
  title: string
  description: string
  convention?: NumberConvention
}) {
  const { t } = useTranslation('lesson')
  const { charts, datasets, locale = 'en' } = useContext(LessonContext)
  const convention = useConvention(conventionProp)
  const id = useId()
  const chart = charts?.[Number(index)]
  const dataset = chart ? datasets?.[chart.dataset] : undefined
  if (!chart || !dataset) return null
  const titleId = `${id}title`
  const descId = `${id}desc`
  const svg = chart.svg[convention].replace(
    /^<svg /,
    `<svg role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" focusable="false" `,
  )
  const shown = [chart.x, ...(chart.series ? [chart.series] : []), chart.y].map((name) =>
    dataset.columns.findIndex((c) => c.name === name)!,
  )
  return (
    <figure className="chart my-6">
      <figcaption>
        <span id={titleId} className="block font-semibold text-slate-900">
          {title}
        </span>
        <span id={descId} className="block text-sm text-slate-700">
          {description}
        </span>
      </figcaption>
      <div className="chart-svg mt-2" dangerouslySetInnerHTML={{ __html: svg }} />
      <p className="text-sm text-slate-700">
        {t('chart.source', { title: dataset.title[locale] })}
        {dataset.fictitious ? ` ${t('dataset.fictitious')}` : dataset.source ? ` ${dataset.source[locale]}.` : ''}
      </p>
      <details className="chart-data mt-2">
        <summary className="text-brand-700 cursor-pointer font-medium">{t('chart.showData')}</summary>
        <div role="region" aria-label={t('chart.dataOf', { title })} tabIndex={0} className="overflow-x-auto">
          <table className="mt-2 w-full text-sm">
            <caption className="text-left font-semibold">{title}</caption>
            <thead>
              <tr>
                {shown.map((i) => (
                  <th key={i} scope="col">
                    {dataset.columns[i]!.label[locale]}
                    {dataset.columns[i]!.unit ? ` (${dataset.columns[i]!.unit![locale]})` : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dataset.rows.map((row, r) => (
                <tr key={r}>
                  {shown.map((i) => {
                    const column = dataset.columns[i]!
                    const numeric = column.type === 'integer' || column.type === 'number'
                    return (
                      <td key={i} className={numeric ? 'align-right' : undefined}>
                        {column.categories?.[String(row[i])]?.[locale] ?? formatValue(row[i]!, column.type, convention)}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}

export const mdxComponents = { Callout, KeyTerm, Figure, DataTable, WorkedExample, Solution, Quiz, Num, Dataset, Chart }
