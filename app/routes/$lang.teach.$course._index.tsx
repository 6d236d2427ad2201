// A course the trainer teaches: learners' progress, drop-off by lesson, quiz results with links to
// item analysis, and every lesson with its translation status and a preview in each language
// (drafts included: the lesson page shows drafts to the course's trainers). Another trainer's
// course is a 403. Four queries a page whatever the data size, plus two per data exercise: its
// steps from item analysis, each learner's first attempt (ADR 032).
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireRole } from '#app/accounts/auth.server.ts'
import { countryName } from '#app/accounts/countries.ts'
import { BarChart } from '#app/components/bar-chart.tsx'
import { formatNumMarkup } from '#app/content/numbers.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { PageSection, RowsTable } from '#app/components/page-section.tsx'
import { Pager } from '#app/components/pager.tsx'
import { itemAnalysis } from '#app/quizzes/item-analysis.server.ts'
import { conventionFor } from '#app/quizzes/numbers.ts'
import { useLang } from '#app/root.tsx'
import {
  courseOverview,
  LEARNERS_PAGE_SIZE,
  requireTaughtCourse,
  translationStatus,
} from '#app/teaching/teach.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { pageSchema, parseQuery } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'teach:course.title')

const QuerySchema = z.object({ page: pageSchema() })
/** Wrong answers listed per exercise step on this page (the item analysis page lists more). */
const EXERCISE_WRONG_ANSWERS = 3

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const url = new URL(request.url)
  const query = parseQuery(url, QuerySchema)
  if (!query.success) throw new Response('Bad request', { status: 400 })
  const page = query.data.page
  const exerciseIds = Object.keys(course.quizzes).filter((id) => course.quizzes[id]!.kind === 'exercise')
  const [overview, analyses] = await Promise.all([
    courseOverview(course, page),
    Promise.all(exerciseIds.map((id) => itemAnalysis(course.id, course.quizzes[id]!, 'first'))),
  ])
  const lessonOf = (quizId: string) =>
    course.modules.flatMap((m) => m.lessons).find((l) => l.locales.en.quizIds.includes(quizId))?.locales[lang].title
  const titles = new Map(course.modules.flatMap((m) => m.lessons.map((l) => [l.id, l.locales[lang].title])))
  const quizModule = (quizId: string) =>
    course.modules.find((m) => m.lessons.some((l) => l.locales.en.quizIds.includes(quizId)))?.title[lang] ?? quizId
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang], status: course.status },
    page,
    pages: Math.max(1, Math.ceil(overview.total / LEARNERS_PAGE_SIZE)),
    enrolled: overview.enrolled,
    byStatus: overview.byStatus,
    dropOff: overview.dropOff.map((d) => ({ ...d, title: titles.get(d.lessonId) ?? d.lessonId })),
    quizzes: overview.quizzes.map((q) => ({ ...q, title: quizModule(q.id) })),
    // Per exercise step: learners, right, and the most frequent wrong answers as typed.
    exercises: exerciseIds.map((id, i) => ({
      id,
      title: lessonOf(id) ?? id,
      steps: analyses[i]!.questions.map((q) => ({
        id: q.id,
        prompt: formatNumMarkup(
          course.quizzes[id]!.questions.find((x) => x.id === q.id)?.prompt[lang] ?? q.id,
          lang,
          conventionFor(lang, user.country),
        ),
        learners: q.overall.attempts,
        right: q.overall.correct,
        wrong: q.wrongAnswers.slice(0, EXERCISE_WRONG_ANSWERS),
      })),
    })),
    learners: overview.learners.map((l) => ({
      ...l,
      country: countryName(l.country, lang),
      enrolledAt: l.enrolledAt.toISOString(),
      lastActivity: l.lastActivity?.toISOString() ?? null,
    })),
    lessons: translationStatus(course),
  }
}

export default function TeachCoursePage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation(['teach', 'common'])
  const lang = useLang()
  const number = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 0 })
  const percent = new Intl.NumberFormat(data.locale, { style: 'percent', maximumFractionDigits: 0 })
  const date = new Intl.DateTimeFormat(data.locale, { dateStyle: 'medium', timeZone: 'UTC' })
  const share = (n: number) => (data.enrolled ? percent.format(n / data.enrolled) : '—')
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <p>
        <Link to={`/${lang}/teach`} className="text-brand-700 underline">
          {t('course.back')}
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{data.course.title}</h1>
      <p className="mt-1 text-slate-700">{t(`common:teach.statuses.${data.course.status}`)}</p>

      <dl className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-4">
        {(
          [
            ['enrolled', data.enrolled],
            ['active', data.byStatus.active],
            ['completed', data.byStatus.completed],
            ['cancelled', data.byStatus.cancelled],
          ] as const
        ).map(([k, v]) => (
          <div key={k} className="rounded-md border border-slate-200 p-4">
            <dt className="text-sm text-slate-700">{t(`course.counts.${k}`)}</dt>
            <dd className="text-2xl font-bold">{number.format(v)}</dd>
          </div>
        ))}
      </dl>

      <PageSection id="dropoff" title={t('course.dropOff')} className="mt-10">
        <p className="mt-1 text-sm text-slate-700">{t('course.dropOffHelp')}</p>
        <figure className="mt-4">
          <BarChart
            id="dropoff-chart"
            title={t('course.dropOff')}
            description={t('course.dropOffDescription', { count: data.dropOff.length })}
            series={[{ key: 'completed', label: t('course.completedLesson'), className: 'fill-brand-700' }]}
            rows={data.dropOff.map((d) => ({ label: d.title, values: { completed: d.completed } }))}
            format={(v) => number.format(v)}
          />
        </figure>
        <table className="mt-4 w-full border-collapse text-left text-sm">
          <caption className="text-left font-medium">{t('course.dropOffTable')}</caption>
          <ColumnHeads
            cellClassName="py-2 text-right"
            columns={[
              { label: t('course.lesson'), className: 'py-2 pr-3' },
              { label: t('course.completedLesson'), className: 'py-2 pr-3 text-right' },
              t('course.shareOfEnrolled'),
            ]}
          />
          <tbody>
            {data.dropOff.map((d) => (
              <tr key={d.lessonId} className="border-b border-slate-200">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {d.title}
                </th>
                <td className="py-1 pr-3 text-right tabular-nums">{number.format(d.completed)}</td>
                <td className="py-1 text-right tabular-nums">{share(d.completed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </PageSection>

      <PageSection id="quizzes" title={t('course.quizzes')} className="mt-10">
        <table className="mt-2 w-full border-collapse text-left text-sm">
          <ColumnHeads
            cellClassName="py-2 pr-3 text-right"
            columns={[
              { label: t('course.quiz'), className: 'py-2 pr-3' },
              t('course.attempts'),
              t('course.passRate'),
              { label: t('course.analysis'), className: 'py-2' },
            ]}
          />
          <tbody>
            {data.quizzes.map((q) => (
              <tr key={q.id} className="border-b border-slate-200">
                <td className="py-2 pr-3">
                  {q.title} <span className="font-mono text-xs text-slate-600">{q.id}</span>
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{number.format(q.attempts)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">
                  {q.attempts ? percent.format(q.passed / q.attempts) : '—'}
                </td>
                <td className="py-2">
                  <Link to={`/${lang}/teach/${data.course.id}/quiz/${q.id}`} className="text-brand-700 underline">
                    {t('course.itemAnalysisFor', { quiz: q.title })}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </PageSection>

      {data.exercises.length ? (
        <PageSection id="exercises" title={t('course.exercises')} className="mt-10">
          <p className="mt-1 text-sm text-slate-700">{t('course.exercisesHelp')}</p>
          {data.exercises.map((e) => (
            <table key={e.id} className="mt-4 w-full border-collapse text-left text-sm" id={`exercise-${e.id}`}>
              <caption className="text-left font-medium">
                {t('course.exerciseSteps', { exercise: e.title })}{' '}
                <Link
                  to={`/${lang}/teach/${data.course.id}/quiz/${e.id}`}
                  className="text-brand-700 font-normal underline"
                >
                  {t('course.itemAnalysisFor', { quiz: e.title })}
                </Link>
              </caption>
              <ColumnHeads
                cellClassName="py-2 pr-3 text-right"
                columns={[
                  { label: t('course.step'), className: 'py-2 pr-3' },
                  t('course.stepLearners'),
                  t('course.stepRight'),
                  { label: t('course.stepWrongAnswers'), className: 'py-2' },
                ]}
              />
              <tbody>
                {e.steps.map((s, i) => (
                  <tr key={s.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      {i + 1}. {s.prompt}
                    </th>
                    <td className="py-2 pr-3 text-right tabular-nums">{number.format(s.learners)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {number.format(s.right)}
                      {s.learners ? ` (${percent.format(s.right / s.learners)})` : ''}
                    </td>
                    <td className="py-2">
                      {s.wrong.length ? (
                        <ul className="m-0 list-none p-0">
                          {s.wrong.map((w) => (
                            <li key={w.answer}>{t('course.wrongAnswer', { answer: w.answer, count: w.count })}</li>
                          ))}
                        </ul>
                      ) : (
                        t('course.noWrongAnswers')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </PageSection>
      ) : null}

      <PageSection id="learners" title={t('course.learners')} className="mt-10">
        <RowsTable
          rows={data.learners}
          empty={t('course.noLearners')}
          cellClassName="py-2 pr-3"
          columns={[
            t('course.learner'),
            t('course.country'),
            t('course.status'),
            t('course.progress'),
            t('course.enrolledOn'),
            { label: t('course.lastActivity'), className: 'py-2' },
          ]}
          rowKey={(l) => l.userId}
        >
          {(l) => (
            <>
              <td className="py-2 pr-3">{l.displayName}</td>
              <td className="py-2 pr-3">{l.country}</td>
              <td className="py-2 pr-3">{t(`course.statuses.${l.status}`, { defaultValue: l.status })}</td>
              <td className="py-2 pr-3">
                <progress
                  max={100}
                  value={l.percent}
                  aria-label={t('course.progressOf', { name: l.displayName })}
                  className="mr-2 h-2 w-24 align-middle"
                />
                {number.format(l.percent)} %
              </td>
              <td className="py-2 pr-3">{date.format(new Date(l.enrolledAt))}</td>
              <td className="py-2">{l.lastActivity ? date.format(new Date(l.lastActivity)) : '—'}</td>
            </>
          )}
        </RowsTable>
        <Pager page={data.page} pages={data.pages} label={t('course.pagination')} className="mt-4" />
      </PageSection>

      <PageSection id="lessons" title={t('course.lessons')} className="mt-10">
        <p className="mt-1 text-sm text-slate-700">{t('course.lessonsHelp')}</p>
        <table className="mt-2 w-full border-collapse text-left text-sm">
          <ColumnHeads
            cellClassName="py-2 pr-3"
            columns={[t('course.lesson'), t('course.translation'), { label: t('course.preview'), className: 'py-2' }]}
          />
          <tbody>
            {data.lessons.map((l) => (
              <tr key={l.id} className="border-b border-slate-200 align-top">
                <td className="py-2 pr-3">
                  <span lang={l.titleLang && l.titleLang !== lang ? l.titleLang : undefined}>{l.title[lang]}</span>
                  <span className="block font-mono text-xs text-slate-600">{l.id}</span>
                </td>
                <td className="py-2 pr-3">
                  {l.problems.length === 0 ? (
                    t('course.inStep')
                  ) : (
                    <ul className="list-disc pl-4 text-red-800">
                      {l.problems.map((p) => (
                        <li key={p}>{t(`course.problems.${p}`)}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="py-2">
                  <Link
                    to={`/en/courses/${data.course.id}/${l.module}/${l.slug}`}
                    reloadDocument
                    className="text-brand-700 mr-3 underline"
                    hrefLang="en"
                  >
                    {t('course.previewIn', { language: 'English' })}
                  </Link>
                  <Link
                    to={`/es/courses/${data.course.id}/${l.module}/${l.slug}`}
                    reloadDocument
                    className="text-brand-700 underline"
                    hrefLang="es"
                  >
                    {t('course.previewIn', { language: 'español' })}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </PageSection>
    </div>
  )
}
