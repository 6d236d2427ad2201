// Administrators: who teaches which course (ADR 034 §2). One section per course with its trainers,
// a form to assign one by e-mail (an existing account with the trainer or administrator role) and a
// button to remove each. The rules and the audit event live in app/teaching/trainers.server.ts;
// the assignment counts from the trainer's next request (their courses are read with the session).
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { Field, FormError, pageErrorsOf, replyFor, SubmitButton, type Reply } from '#app/components/forms.tsx'
import { NameAndEmail, PageSection, RowsTable } from '#app/components/page-section.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { useLang } from '#app/root.tsx'
import { assignTrainer, removeTrainer, TRAINER_ERRORS, trainersByCourse } from '#app/teaching/trainers.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { EmailSchema, IdSchema, intent, intents, parseForm, SlugSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin:trainers.title')

const AssignTrainerSchema = z.object({ intent: intent('assign-trainer'), courseId: SlugSchema, email: EmailSchema })
const TrainersSchema = intents([
  AssignTrainerSchema,
  z.object({ intent: intent('remove-trainer'), courseId: SlugSchema, userId: IdSchema }),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const trainers = await trainersByCourse()
  return {
    locale: formattingLocale(lang, admin.country),
    courses: getManifest()
      .courses.map((c) => ({
        id: c.id,
        title: c.title[lang],
        trainers: (trainers.get(c.id) ?? []).map((row) => ({
          id: row.user.id,
          name: row.user.displayName,
          email: row.user.email,
          role: row.user.role,
          assignedAt: row.assignedAt.toISOString(),
          // Null: applied from the course's files (course.yaml), not by a person.
          assignedBy: row.assignedBy?.displayName ?? null,
          fromFiles: row.assignedBy === null,
        })),
      }))
      .sort((a, b) => a.title.localeCompare(b.title, lang)),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const submission = await parseSubmission(request, TrainersSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const result =
    value.intent === 'assign-trainer'
      ? await assignTrainer({ actorId: admin.id, courseId: value.courseId, email: value.email })
      : await removeTrainer({ actorId: admin.id, courseId: value.courseId, userId: value.userId })
  if (!result.ok) {
    const field = value.intent === 'assign-trainer' && result.error !== 'course' ? 'email' : undefined
    return refuse(submission, domainError(TRAINER_ERRORS, result.error), { field })
  }
  const course = getManifest().courses.find((c) => c.id === value.courseId)
  throw redirect(`/${lang}/admin/trainers#course-${value.courseId}`, {
    headers: {
      'Set-Cookie': await toastHeader({
        kind: 'success',
        key: value.intent === 'assign-trainer' ? 'admin:trainers.assigned' : 'admin:trainers.removed',
        values: { course: (course?.title[lang] ?? value.courseId).slice(0, 200) },
      }),
    },
  })
}

export default function AdminTrainersPage() {
  const { courses, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('admin')
  const lang = useLang()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
  const cell = 'py-2 pr-3 align-top'
  return (
    <div className="mx-auto max-w-6xl space-y-12 px-4 py-10">
      <div>
        <h1 className="text-3xl font-bold">{t('trainers.title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('trainers.intro')}</p>
        <p className="mt-2 max-w-3xl text-slate-700">
          {t('trainers.rolesHint')}{' '}
          <Link to={`/${lang}/admin/people?role=learner`} className="text-brand-700 underline">
            {t('trainers.peopleLink')}
          </Link>
        </p>
      </div>
      <FormError
        errors={pageErrorsOf(
          actionData,
          courses.map((c) => ['assign-trainer', { courseId: c.id }] as const),
        )}
      />
      {courses.map((course) => (
        <PageSection key={course.id} id={`course-${course.id}`} title={course.title}>
          <RowsTable
            rows={course.trainers}
            empty={t('trainers.none')}
            columns={[t('trainers.trainer'), t('trainers.since'), t('trainers.by'), t('trainers.actions')]}
            rowKey={(row) => row.id}
          >
            {(row) => (
              <>
                <td className={cell}>
                  <NameAndEmail name={row.name} email={row.email} />
                  {row.role === 'learner' ? (
                    <span className="mt-1 block text-amber-900">{t('trainers.notTrainerAnyMore')}</span>
                  ) : null}
                </td>
                <td className={cell}>{date.format(new Date(row.assignedAt))}</td>
                <td className={cell}>{row.fromFiles ? t('trainers.byFiles') : row.assignedBy}</td>
                <td className={cell}>
                  <Form method="post">
                    <input type="hidden" name="courseId" value={course.id} />
                    <input type="hidden" name="userId" value={row.id} />
                    <SubmitButton
                      name="intent"
                      value="remove-trainer"
                      variant="secondary"
                      className="!px-2 !py-1 text-sm"
                      aria-label={t('trainers.removeFrom', { name: row.name, course: course.title })}
                    >
                      {t('trainers.remove')}
                    </SubmitButton>
                  </Form>
                </td>
              </>
            )}
          </RowsTable>
          <AssignForm courseId={course.id} courseTitle={course.title} reply={actionData} />
        </PageSection>
      ))}
    </div>
  )
}

function AssignForm({ courseId, courseTitle, reply }: { courseId: string; courseTitle: string; reply: Reply }) {
  const { t } = useTranslation('admin')
  const [form, fields] = useForm<z.input<typeof AssignTrainerSchema>>({
    id: `assign-trainer-${courseId}`,
    constraint: getZodConstraint(AssignTrainerSchema),
    lastResult: replyFor(reply, 'assign-trainer', { courseId }),
    onValidate: ({ formData }) => parseForm(formData, AssignTrainerSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 flex max-w-xl flex-wrap items-start gap-3">
      <input type="hidden" name="intent" value="assign-trainer" />
      <input type="hidden" name="courseId" value={courseId} />
      <div className="min-w-64 flex-1">
        <Field
          label={t('trainers.email', { course: courseTitle })}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
        />
      </div>
      <SubmitButton className="mt-6">{t('trainers.assign')}</SubmitButton>
    </Form>
  )
}
