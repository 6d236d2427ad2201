// A course's published versions in the Studio (ADR 034 §3g): number, where it came from (the files
// or the Studio), who made it and when, which one learners see; and for any other version a form
// that makes it the published one (a rollback, or forward again). The course's trainers and
// administrators only (requireTaughtCourse: 404, 403); audited; every node serves it within seconds.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { FormError, pageErrorsOf, SubmitButton } from '#app/components/forms.tsx'
import { useLang } from '#app/root.tsx'
import { BackToOutline } from '#app/studio/back-to-outline.tsx'
import {
  courseVersions,
  ROLLBACK_ERRORS,
  rollbackFromStudio,
  RollbackSchema,
} from '#app/studio/course-versions.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:versions.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const { versions, openReview } = await courseVersions(course.id)
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    openReview: openReview ? { id: openReview.id, status: openReview.status } : null,
    versions: versions.map((v) => ({
      number: v.number,
      source: v.source,
      baseNumber: v.baseNumber,
      contentHash: v.contentHash.slice(0, 12),
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdBy?.displayName ?? null,
      current: v.current,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const submission = await parseSubmission(request, RollbackSchema)
  if (submission.status !== 'success') return invalid(submission)
  const result = await rollbackFromStudio({ courseId: course.id, number: submission.value.number, userId: user.id })
  if (!result.ok) return refuse(submission, domainError(ROLLBACK_ERRORS, result.error))
  throw redirect(`/${lang}/studio/${course.id}/versions`, {
    headers: {
      'Set-Cookie': await toastHeader({
        kind: 'success',
        key: result.droppedWithLearnerData.length ? 'studio:versions.publishedDropped' : 'studio:versions.published',
        values: {
          number: String(submission.value.number),
          lessons: result.droppedWithLearnerData.join(', ').slice(0, 200),
        },
      }),
    },
  })
}

export default function StudioVersionsPage() {
  const { course, versions, openReview, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const lang = useLang()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <BackToOutline course={course} />
      <h1 className="mt-4 text-3xl font-bold">{t('versions.heading', { course: course.title })}</h1>
      <p className="mt-2 max-w-3xl text-slate-700">{t('versions.intro')}</p>
      {openReview ? (
        <p className="mt-2 max-w-3xl font-medium">
          {t(openReview.status === 'publishing' ? 'versions.reviewPublishing' : 'versions.reviewOpen')}{' '}
          <Link to={`/${lang}/studio/${course.id}/reviews/${openReview.id}`} className="text-brand-700 underline">
            {t('versions.openReview')}
          </Link>
        </p>
      ) : null}
      <FormError errors={pageErrorsOf(actionData, [])} />
      <table className="mt-6 w-full border-collapse text-left">
        <caption className="sr-only">{t('versions.heading', { course: course.title })}</caption>
        <ColumnHeads
          columns={[
            t('versions.number'),
            t('versions.madeBy'),
            t('versions.when'),
            t('versions.hash'),
            <span key="action" className="sr-only">
              {t('versions.action')}
            </span>,
          ]}
        />
        <tbody>
          {versions.map((v) => (
            <tr key={v.number} className="border-b border-slate-200" aria-current={v.current ? 'true' : undefined}>
              <td className="py-2 font-medium">
                {t('versions.version', { number: v.number })}
                {v.current ? <span className="ml-2">{`(${t('versions.current')})`}</span> : null}
              </td>
              <td className="py-2">
                {t(`versions.source.${v.source}`, { name: v.createdBy ?? t('versions.nobody') })}
                {v.baseNumber ? (
                  <span className="block text-sm text-slate-700">
                    {t('versions.basedOn', { number: v.baseNumber })}
                  </span>
                ) : null}
              </td>
              <td className="py-2">{date.format(new Date(v.createdAt))} UTC</td>
              <td className="py-2 font-mono text-sm">{v.contentHash}</td>
              <td className="py-2 text-right">
                {v.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="rollback" />
                    <input type="hidden" name="number" value={v.number} />
                    <SubmitButton variant="secondary">{t('versions.publish', { number: v.number })}</SubmitButton>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
