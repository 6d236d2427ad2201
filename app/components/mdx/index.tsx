// The components lessons may use (docs/authoring.md). One map, handed to every compiled lesson.
import { createContext, useContext, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Num } from '#app/content/number-convention.tsx'

export type LessonGlossary = Record<string, { term: string; definition: string }>
/** The course's glossary in the lesson's language, and the address of its glossary page. */
export const LessonContext = createContext<{ glossary: LessonGlossary; glossaryHref?: string }>({ glossary: {} })

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

export const mdxComponents = { Callout, KeyTerm, Figure, DataTable, WorkedExample, Solution, Quiz, Num }
