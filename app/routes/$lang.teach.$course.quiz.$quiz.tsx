// Item analysis of one quiz for its course's trainers: per question, facility, discrimination and
// how often each option was chosen, overall and by the language of the attempt, with a flag on
// questions much harder in one language (rules in app/quizzes/item-analysis.server.ts, ADR 009).
// Learners are counted, by their first or by their best attempt (?view=first|best); statistics
// over fewer than MIN_LEARNERS learners are greyed as too few to read (ADR 025). Two queries (the
// analysis, in a transaction with two SET LOCALs, and the numeric wrong answers), whatever the
// number of attempts.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, NavLink, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { isSlugParam } from '#app/content/access.server.ts'
import { formatNumMarkup } from '#app/content/numbers.ts'
import {
  ITEM_VIEWS,
  itemAnalysis,
  LANGUAGE_GAP,
  LANGUAGE_GAP_MIN_ATTEMPTS,
  MIN_LEARNERS,
  type ItemStats,
  type ItemView,
} from '#app/quizzes/item-analysis.server.ts'
import { conventionFor } from '#app/quizzes/numbers.ts'
import { useLang } from '#app/root.tsx'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'teach:items.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const quiz = isSlugParam(params.quiz) ? course.quizzes[params.quiz] : undefined
  if (!quiz || !Object.prototype.hasOwnProperty.call(course.quizzes, params.quiz!))
    throw new Response('Not found', { status: 404 })
  // Unknown views are a 400 (a shared link with a typo says so, never a 500).
  const viewParam = new URL(request.url).searchParams.get('view') ?? 'first'
  if (!(ITEM_VIEWS as readonly string[]).includes(viewParam)) throw new Response('Bad request', { status: 400 })
  const view = viewParam as ItemView
  const analysis = await itemAnalysis(course.id, quiz, view)
  const module = course.modules.find((m) => m.lessons.some((l) => l.locales.en.quizIds.includes(quiz.id)))
  // Prompts and option texts in the page's language; answer keys stay here except "which option
  // is right", which the trainer needs to read the distractors (this page is staff-only).
  const convention = conventionFor(lang, user.country)
  const num = (text: string) => formatNumMarkup(text, lang, convention)
  const questions = analysis.questions.map((a) => {
    const q = quiz.questions.find((x) => x.id === a.id)!
    const options =
      q.type === 'single' || q.type === 'multiple'
        ? q.options.map((o) => ({
            id: o.id,
            text: num(o.text[lang]),
            correct: q.type === 'single' ? q.answer === o.id : q.answer.includes(o.id),
          }))
        : q.type === 'truefalse'
          ? [
              { id: 'true', text: null, correct: q.answer === true },
              { id: 'false', text: null, correct: q.answer === false },
            ]
          : []
    return { ...a, prompt: num(q.prompt[lang]), options }
  })
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    quiz: { id: quiz.id, title: module?.title[lang] ?? quiz.id },
    attempts: analysis.attempts,
    questions,
    rule: { gap: LANGUAGE_GAP, min: LANGUAGE_GAP_MIN_ATTEMPTS, minLearners: MIN_LEARNERS },
    view,
  }
}

export default function ItemAnalysisPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation('teach')
  const lang = useLang()
  const percent = new Intl.NumberFormat(data.locale, { style: 'percent', maximumFractionDigits: 0 })
  const decimal = new Intl.NumberFormat(data.locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: 'exceptZero',
  })
  const number = new Intl.NumberFormat(data.locale)
  const pct = (v: number | null) => (v === null ? '—' : percent.format(v))
  const disc = (v: number | null) => (v === null ? '—' : decimal.format(v))
  const flagged = data.questions.filter((q) => q.languageGap !== null).length
  const tooFew = t('items.tooFew', { min: data.rule.minLearners })
  const columns: Array<{
    key: 'overall' | Lang
    label: string
    stats: (q: (typeof data.questions)[number]) => ItemStats
  }> = [
    { key: 'overall', label: t('items.overall'), stats: (q) => q.overall },
    { key: 'en', label: t('items.english'), stats: (q) => q.byLocale.en },
    { key: 'es', label: t('items.spanish'), stats: (q) => q.byLocale.es },
  ]
  // The statistics tables' heads: what the rows are, then one column per group of learners.
  const groupHeads = columns.map((c) => c.label)
  const measureHead = { label: <span className="sr-only">{t('items.measure')}</span>, className: 'py-1 pr-3' }
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <p>
        <Link to={`/${lang}/teach/${data.course.id}`} className="text-brand-700 underline">
          {t('items.back', { course: data.course.title })}
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{t('items.heading', { quiz: data.quiz.title })}</h1>
      <nav aria-label={t('items.viewLabel')} className="mt-4">
        <ul className="flex flex-wrap gap-2">
          {(['first', 'best'] as const).map((v) => (
            <li key={v}>
              <NavLink
                to={`?view=${v}`}
                aria-current={data.view === v ? 'page' : undefined}
                className={`inline-block rounded-md border px-3 py-1 text-sm font-medium ${
                  data.view === v
                    ? 'border-brand-700 bg-brand-700 text-white'
                    : 'text-brand-700 border-slate-400 underline'
                }`}
              >
                {t(`items.views.${v}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <p className="mt-2 text-slate-700">
        {t(`items.learners.${data.view}`, {
          count: data.attempts.all,
          total: number.format(data.attempts.all),
          en: number.format(data.attempts.en),
          es: number.format(data.attempts.es),
        })}
      </p>
      <details className="mt-4 max-w-3xl rounded-md border border-slate-200 p-3 text-sm">
        <summary className="cursor-pointer font-medium">{t('items.howToRead')}</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-800">
          <li>{t('items.help.facility')}</li>
          <li>{t('items.help.discrimination')}</li>
          <li>{t('items.help.options')}</li>
          <li>{t('items.help.gap', { gap: percent.format(data.rule.gap), min: data.rule.min })}</li>
          <li>{t('items.help.learners', { min: data.rule.minLearners })}</li>
        </ul>
      </details>
      {data.attempts.all === 0 ? <p className="mt-6">{t('items.noAttempts')}</p> : null}
      {flagged ? (
        <p role="status" className="mt-6 rounded-md border border-amber-400 bg-amber-50 p-3 font-medium text-amber-950">
          {t('items.flaggedSummary', { count: flagged })}
        </p>
      ) : null}
      <ol className="mt-6 space-y-8">
        {data.questions.map((q, i) => (
          <li key={q.id} className="rounded-lg border border-slate-200 p-5">
            <h2 className="text-lg font-semibold">
              {t('items.question', { number: i + 1 })}{' '}
              <span className="font-mono text-sm font-normal text-slate-600">
                {q.id} · {t(`items.types.${q.type}`)}
              </span>
            </h2>
            <p className="mt-1">{q.prompt}</p>
            {q.languageGap !== null ? (
              <p className="mt-2 rounded-md border border-amber-400 bg-amber-50 p-2 text-sm font-medium text-amber-950">
                {t(q.languageGap < 0 ? 'items.gapHarderEs' : 'items.gapHarderEn', {
                  points: number.format(Math.round(Math.abs(q.languageGap) * 100)),
                })}
              </p>
            ) : null}
            <table className="mt-3 w-full max-w-2xl border-collapse text-left text-sm">
              <caption className="sr-only">{t('items.statsCaption', { number: i + 1 })}</caption>
              <ColumnHeads columns={[measureHead, ...groupHeads]} cellClassName="py-1 pr-3 text-right" />
              <tbody>
                <tr className="border-b border-slate-200">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {t('items.learnersLabel')}
                  </th>
                  {columns.map((c) => (
                    <td key={c.key} className="py-1 pr-3 text-right tabular-nums">
                      {number.format(c.stats(q).attempts)}
                    </td>
                  ))}
                </tr>
                {(
                  [
                    ['items.facility', (stats: ItemStats) => pct(stats.facility)],
                    ['items.discrimination', (stats: ItemStats) => disc(stats.discrimination)],
                  ] as const
                ).map(([label, show]) => (
                  <tr key={label} className="border-b border-slate-200">
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {t(label)}
                    </th>
                    {columns.map((c) => (
                      <StatCell key={c.key} stats={c.stats(q)} tooFew={tooFew}>
                        {show(c.stats(q))}
                      </StatCell>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {q.options.length ? (
              <table className="mt-3 w-full border-collapse text-left text-sm">
                <caption className="text-left font-medium">{t('items.optionsCaption')}</caption>
                <ColumnHeads
                  columns={[{ label: t('items.option'), className: 'py-1 pr-3' }, ...groupHeads]}
                  cellClassName="py-1 pr-3 text-right"
                />
                <tbody>
                  {q.options.map((o) => (
                    <tr key={o.id} className="border-b border-slate-200">
                      <th scope="row" className="py-1 pr-3 font-normal">
                        {o.text ?? t(`items.${o.id}`)}{' '}
                        {o.correct ? <strong className="text-emerald-800">({t('items.key')})</strong> : null}
                      </th>
                      {columns.map((c) => {
                        const s = c.stats(q)
                        const n = s.options[o.id] ?? 0
                        return (
                          <td key={c.key} className="py-1 pr-3 text-right tabular-nums">
                            {number.format(n)} ({s.attempts ? percent.format(n / s.attempts) : '—'})
                          </td>
                        )
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {q.type === 'numeric' ? (
              q.wrongAnswers.length ? (
                <table className="mt-3 w-full max-w-md border-collapse text-left text-sm">
                  <caption className="text-left font-medium">{t('items.wrongAnswersCaption')}</caption>
                  <ColumnHeads
                    columns={[{ label: t('items.answerTyped'), className: 'py-1 pr-3' }, t('items.learnersLabel')]}
                    cellClassName="py-1 pr-3 text-right"
                  />
                  <tbody>
                    {q.wrongAnswers.map((w) => (
                      <tr key={w.answer} className="border-b border-slate-200">
                        <th scope="row" className="py-1 pr-3 font-mono font-normal">
                          {w.answer}
                        </th>
                        <td className="py-1 pr-3 text-right tabular-nums">{number.format(w.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="mt-3 text-sm text-slate-700">{t('items.noWrongAnswers')}</p>
              )
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  )
}

/** A statistic, greyed and explained when too few learners answered to read it. */
function StatCell({ stats, tooFew, children }: { stats: ItemStats; tooFew: string; children: React.ReactNode }) {
  if (stats.reliable || stats.attempts === 0) return <td className="py-1 pr-3 text-right tabular-nums">{children}</td>
  return (
    <td className="py-1 pr-3 text-right text-slate-600 tabular-nums" data-reliable="false">
      <span className="line-through decoration-slate-400">{children}</span>
      <span className="block text-xs">{tooFew}</span>
    </td>
  )
}
