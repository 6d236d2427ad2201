// The Studio's glossary editor (ADR 034 §3e): every term of glossary.yaml as a row, its id and its
// term and definition in English and Spanish side by side; edit a term, add one, delete one that no
// lesson uses. Each change is saved as a draft of glossary.yaml (a file draft, reviewed and published
// with the lessons) carrying the revision the page showed. Each form works without JavaScript.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { Field, FormError, pageErrorsOf, replyFor, SubmitButton, ErrorList } from '#app/components/forms.tsx'
import { BackToOutline } from '#app/studio/back-to-outline.tsx'
import { RefusalDetails, type RefusalShown } from '#app/studio/file-editor-ui.tsx'
import { refusalDetails } from '#app/studio/file-editors.server.ts'
import {
  AddTermSchema,
  changeGlossary,
  DeleteTermSchema,
  EditTermSchema,
  GLOSSARY_ERRORS,
  readGlossary,
} from '#app/studio/glossary-editor.server.ts'
import { studioCourseSource } from '#app/studio/studio.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_DEFINITION_LENGTH, MAX_TERM_LENGTH } from '#app/utils/limits.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { intents } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:glossary.heading')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const [source, file] = await Promise.all([studioCourseSource(course.id), readGlossary(course.id)])
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    revision: file.revision,
    draft: file.draft,
    updatedAt: file.updatedAt?.toISOString() ?? null,
    updatedBy: file.updatedBy,
    terms: Object.entries(file.glossary).map(([id, entry]) => ({
      id,
      ...entry,
      // Published ids are fixed; a term added in a draft is "new".
      added: !Object.hasOwn(source.glossary, id),
    })),
  }
}

const GlossaryPageSchema = intents([AddTermSchema, EditTermSchema, DeleteTermSchema])

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const submission = await parseSubmission(request, GlossaryPageSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const result = await changeGlossary({
    source: await studioCourseSource(course.id),
    lang,
    baseRevision: value.revision,
    userId: user.id,
    change:
      value.intent === 'delete-term'
        ? { kind: 'delete', id: value.id }
        : {
            kind: value.intent === 'add-term' ? 'add' : 'edit',
            id: value.id,
            entry: {
              en: { term: value.termEn, definition: value.definitionEn },
              es: { term: value.termEs, definition: value.definitionEs },
            },
          },
  })
  if (!result.ok)
    return refuse(submission, domainError(GLOSSARY_ERRORS, result.error), {
      field: result.error === 'duplicate' ? 'id' : undefined,
      details: refusalDetails(result, lang, user.country),
    })
  throw redirect(`/${lang}/studio/${course.id}/glossary`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: `studio:glossary.saved.${value.intent}` }) },
  })
}

export default function StudioGlossaryPage() {
  const { course, terms, revision, draft, updatedAt, updatedBy, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const stamp = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })
  return (
    <div className="mx-auto max-w-7xl px-4 py-10">
      <BackToOutline course={course} />
      <h1 className="mt-4 text-3xl font-bold">{t('glossary.title', { course: course.title })}</h1>
      <p className="mt-2 text-slate-700">{t('glossary.intro')}</p>
      <p className="mt-2 font-medium" role="status">
        {draft && updatedAt
          ? t('files.draftSaved', {
              name: updatedBy ?? t('errors.someone'),
              date: `${stamp.format(new Date(updatedAt))} UTC`,
            })
          : t('files.published')}
      </p>
      <div className="mt-4">
        <FormError
          errors={pageErrorsOf(actionData, [
            ['add-term'],
            ...terms.flatMap((term) => [['edit-term', { id: term.id }] as const]),
          ])}
        />
        <RefusalDetails
          details={(actionData && 'details' in actionData ? actionData.details : undefined) as RefusalShown | undefined}
        />
      </div>
      <AddTermForm revision={revision} />
      <h2 className="mt-10 text-xl font-semibold">{t('glossary.terms', { count: terms.length })}</h2>
      <ul className="mt-4 space-y-6">
        {terms.map((term) => (
          <li key={term.id}>
            <TermForm term={term} revision={revision} />
          </li>
        ))}
      </ul>
    </div>
  )
}

type TermRow = {
  id: string
  added: boolean
  en: { term: string; definition: string }
  es: { term: string; definition: string }
}

/** Term and definition in both languages, English left and Spanish right. */
function EntryFields({
  prefix,
  values,
  errors,
}: {
  prefix: string
  values?: Partial<Record<'termEn' | 'definitionEn' | 'termEs' | 'definitionEs', string>>
  errors: (name: string) => string[] | null
}) {
  const { t } = useTranslation('studio')
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {(['En', 'Es'] as const).map((suffix) => {
        const language = suffix === 'En' ? 'en' : 'es'
        const definitionId = `${prefix}-definition${suffix}`
        const definitionErrors = errors(`definition${suffix}`)
        return (
          <div key={suffix} lang={language}>
            <Field
              label={t(`glossary.term${suffix}`)}
              errors={errors(`term${suffix}`)}
              inputProps={{
                id: `${prefix}-term${suffix}`,
                name: `term${suffix}`,
                defaultValue: values?.[`term${suffix}`],
                maxLength: MAX_TERM_LENGTH,
              }}
            />
            <label htmlFor={definitionId} className="mb-1 block text-sm font-medium text-slate-800">
              {t(`glossary.definition${suffix}`)}
            </label>
            <textarea
              id={definitionId}
              name={`definition${suffix}`}
              defaultValue={values?.[`definition${suffix}`]}
              rows={3}
              maxLength={MAX_DEFINITION_LENGTH}
              aria-invalid={definitionErrors?.length ? true : undefined}
              aria-describedby={definitionErrors?.length ? `${definitionId}-error` : undefined}
              className="block w-full rounded-md border border-slate-400 px-3 py-2"
            />
            <ErrorList id={`${definitionId}-error`} errors={definitionErrors} />
          </div>
        )
      })}
    </div>
  )
}

function TermForm({ term, revision }: { term: TermRow; revision: number }) {
  const { t } = useTranslation('studio')
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, 'edit-term', { id: term.id })
  const sent = reply?.initialValue as Record<string, string> | undefined
  const errors = (name: string) => reply?.error?.[name] ?? null
  const legendId = `term-${term.id}`
  return (
    <section aria-labelledby={legendId} className="rounded-md border border-slate-300 p-4">
      <h3 id={legendId} className="font-mono font-semibold">
        {term.id}
        {term.added ? <span className="ml-2 font-sans font-medium">({t('glossary.new')})</span> : null}
      </h3>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="edit-term" />
        <input type="hidden" name="id" value={term.id} />
        <input type="hidden" name="revision" value={revision} />
        <EntryFields
          prefix={`term-${term.id}`}
          values={
            sent ?? {
              termEn: term.en.term,
              definitionEn: term.en.definition,
              termEs: term.es.term,
              definitionEs: term.es.definition,
            }
          }
          errors={errors}
        />
        <SubmitButton aria-label={t('glossary.saveTerm', { id: term.id })}>{t('glossary.save')}</SubmitButton>
      </Form>
      <Form method="post" className="mt-2">
        <input type="hidden" name="intent" value="delete-term" />
        <input type="hidden" name="id" value={term.id} />
        <input type="hidden" name="revision" value={revision} />
        <SubmitButton variant="secondary" aria-label={t('glossary.deleteTerm', { id: term.id })}>
          {t('glossary.delete')}
        </SubmitButton>
      </Form>
    </section>
  )
}

function AddTermForm({ revision }: { revision: number }) {
  const { t } = useTranslation('studio')
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, 'add-term')
  const sent = reply?.initialValue as Record<string, string> | undefined
  const errors = (name: string) => reply?.error?.[name] ?? null
  return (
    <details className="mt-6 rounded-md border border-slate-300 p-4" open={Boolean(reply)}>
      <summary className="text-brand-700 cursor-pointer font-medium">{t('glossary.add')}</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="add-term" />
        <input type="hidden" name="revision" value={revision} />
        <Field
          label={t('glossary.id')}
          description={t('glossary.idHint')}
          errors={errors('id')}
          inputProps={{ id: 'add-term-id', name: 'id', defaultValue: sent?.id, maxLength: 80 }}
        />
        <EntryFields prefix="add-term" values={sent} errors={errors} />
        <SubmitButton>{t('glossary.addButton')}</SubmitButton>
      </Form>
    </details>
  )
}
