// The Studio's quiz editor (ADR 034 §3d): a quiz's settings and its questions, each a form fitted
// to its type with the texts in English and Spanish side by side and one answer key for both;
// add, delete and move questions (small forms, no JavaScript needed); and a preview of the
// learner's view drawn by the learner's own question component, read-only. Every change is
// checked with the loader's schema and saved as a file draft with the revision the page showed.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  ErrorList,
  Field,
  FormError,
  pageErrorsOf,
  replyFor,
  SelectField,
  SubmitButton,
  TextAreaField,
} from '#app/components/forms.tsx'
import { defaultConvention } from '#app/content/numbers.ts'
import { type Question as QuestionFile } from '#app/content/schema.ts'
import { ExerciseData } from '#app/quizzes/exercise-data.tsx'
import { FEEDBACK_POLICIES } from '#app/quizzes/feedback.ts'
import { publicQuiz } from '#app/quizzes/public.ts'
import { Question } from '#app/quizzes/question.tsx'
import { useLang } from '#app/root.tsx'
import { BackToOutline } from '#app/studio/back-to-outline.tsx'
import {
  addQuestion,
  AddQuestionSchema,
  deleteQuestion,
  DeleteQuestionSchema,
  moveQuestion,
  MoveQuestionSchema,
  QUIZ_ERRORS,
  requireStudioQuiz,
  saveQuestion,
  SaveQuestionSchema,
  saveSettings,
  SaveSettingsSchema,
  type EditResult,
} from '#app/studio/quiz-editor.server.ts'
import { MAX_QUIZ_TEXT, NEW_ROWS, QUESTION_TYPES } from '#app/studio/quiz-editor.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale, LANGS, type Lang } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { intents } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:title')

/** A number as the editor shows it in the page's language (the convention the form reads it back with). */
function written(value: number, lang: Lang): string {
  const text = String(Number(value.toPrecision(12)))
  return defaultConvention(lang) === 'comma' ? text.replace('.', ',') : text
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const { user, course, quiz } = await requireStudioQuiz(request, params)
  const url = new URL(request.url)
  // The preview: a language and a question (or all), chosen with a GET form.
  const previewLang = LANGS.find((l) => l === url.searchParams.get('preview')) ?? lang
  const chosen = quiz.quiz.questions.find((q) => q.id === url.searchParams.get('question'))?.id ?? null
  const convention = defaultConvention(previewLang)
  const shown = publicQuiz(quiz.quiz, previewLang, undefined, convention, formattingLocale(previewLang, user.country))
  const publishedIds = (q: QuestionFile) => {
    const before = quiz.published?.questions.find((p) => p.id === q.id)
    if (!before) return []
    return [
      ...('options' in before ? before.options : []),
      ...('categories' in before ? before.categories : []),
      ...('items' in before ? before.items : []),
    ].map((o) => o.id)
  }
  return {
    course: { id: course.id, title: course.title[lang] },
    quiz: {
      id: quiz.id,
      kind: quiz.quiz.kind ?? 'quiz',
      revision: quiz.revision,
      draft: quiz.draft,
      published: quiz.published !== null,
      settings: {
        passingScore: quiz.quiz.passingScore,
        maxAttempts: quiz.quiz.maxAttempts,
        shuffle: quiz.quiz.shuffle,
        countsForCertificate: quiz.quiz.countsForCertificate,
        feedback: quiz.quiz.feedback,
      },
      questions: quiz.quiz.questions.map((q) => ({
        question: q,
        published: Boolean(quiz.published?.questions.some((p) => p.id === q.id)),
        publishedIds: publishedIds(q),
        // Numbers as typed in the page's language.
        answer: q.type === 'numeric' ? written(q.answer, lang) : null,
        tolerance:
          q.type === 'numeric'
            ? 'relative' in q.tolerance
              ? { kind: 'relative' as const, value: written(q.tolerance.relative * 100, lang) }
              : { kind: 'absolute' as const, value: written(q.tolerance.absolute, lang) }
            : null,
      })),
    },
    open: chosen,
    preview: {
      lang: previewLang,
      question: chosen,
      convention,
      data: shown.data ?? null,
      exercise: shown.kind === 'exercise',
      questions: shown.questions
        .map((q, index) => ({ q, index }))
        .filter(({ q }) => chosen === null || q.id === chosen),
    },
  }
}

const QuizPageSchema = intents([
  SaveSettingsSchema,
  AddQuestionSchema,
  DeleteQuestionSchema,
  MoveQuestionSchema,
  SaveQuestionSchema,
])

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const { user, course, quiz } = await requireStudioQuiz(request, params)
  const submission = await parseSubmission(request, QuizPageSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const common = { courseId: course.id, quiz, baseRevision: value.revision, userId: user.id }
  let result: EditResult
  let open: string | null = null
  switch (value.intent) {
    case 'save-settings': {
      const { intent: _, revision: __, ...values } = value
      result = await saveSettings({ ...common, values })
      break
    }
    case 'add-question':
      result = await addQuestion({ ...common, id: value.id, type: value.type })
      open = value.id
      break
    case 'delete-question':
      result = await deleteQuestion({ ...common, question: value.question })
      break
    case 'move-question':
      result = await moveQuestion({ ...common, question: value.question, position: value.position })
      open = value.question
      break
    case 'save-question':
      result = await saveQuestion({ ...common, form: value, convention: defaultConvention(lang) })
      open = result.ok ? value.id || value.question : value.question
      break
  }
  if (!result.ok) {
    if (result.error === 'stale')
      return refuse(submission, domainError(QUIZ_ERRORS, 'stale'), {
        details: { by: result.by, at: result.at.toISOString() },
      })
    const { '': formLevel, ...fields } = result.fields ?? {}
    const message = formLevel?.[0] ?? QUIZ_ERRORS[result.error].message
    return refuse(submission, [message, QUIZ_ERRORS[result.error].status], { fieldErrors: fields })
  }
  const here = `/${lang}/studio/${course.id}/quizzes/${quiz.id}`
  throw redirect(open ? `${here}?question=${open}#question-${open}` : here, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:quiz.saved' }) },
  })
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>
type EditorQuestion = Loaded['quiz']['questions'][number]

export default function StudioQuizPage() {
  const { course, quiz, open, preview } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const lang = useLang()
  const stale = actionData && 'details' in actionData ? (actionData.details as { by: string | null; at: string }) : null
  const stamp = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })
  const here = `/${lang}/studio/${course.id}/quizzes/${quiz.id}`
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <BackToOutline course={course} />
      <h1 className="mt-4 text-3xl font-bold">{t('quiz.title', { quiz: quiz.id })}</h1>
      <p className="mt-2 text-slate-700">{t('quiz.intro')}</p>
      <p className="mt-2 font-medium" data-testid="quiz-state">
        {quiz.draft ? t('quiz.draft', { revision: quiz.revision }) : t('quiz.publishedState')}
        {quiz.published ? '' : ` ${t('quiz.notPublished')}`}
      </p>
      <div className="mt-4">
        {stale ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {t('quiz.errors.staleBy', {
              name: stale.by ?? t('errors.someone'),
              date: `${stamp.format(new Date(stale.at))} UTC`,
            })}
          </p>
        ) : (
          <FormError
            errors={pageErrorsOf(actionData, [
              ['save-settings'],
              ['add-question'],
              ...quiz.questions.map((q) => ['save-question', { question: q.question.id }] as const),
            ])}
          />
        )}
      </div>
      <SettingsForm settings={quiz.settings} revision={quiz.revision} />
      <section aria-labelledby="quiz-questions" className="mt-8">
        <h2 id="quiz-questions" className="text-xl font-semibold">
          {t('quiz.questions')}
        </h2>
        <ol className="mt-3 list-none space-y-6 p-0">
          {quiz.questions.map((q, index) => (
            <li key={q.question.id} id={`question-${q.question.id}`}>
              <QuestionSection
                entry={q}
                index={index}
                count={quiz.questions.length}
                revision={quiz.revision}
                open={open === q.question.id}
              />
            </li>
          ))}
        </ol>
        <AddQuestionForm revision={quiz.revision} />
      </section>
      <section aria-labelledby="quiz-preview" className="mt-10 rounded-md border border-slate-300 p-4">
        <h2 id="quiz-preview" className="text-xl font-semibold">
          {t('quiz.preview.title', { language: t(`editor.language.${preview.lang}`) })}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t('quiz.preview.intro')}</p>
        <Form method="get" action={here} className="mt-3 flex flex-wrap items-end gap-4">
          <SelectField
            label={t('editor.previewLanguage')}
            options={LANGS.map((l) => ({ value: l, label: t(`editor.language.${l}`) }))}
            selectProps={{ id: 'preview-language', name: 'preview', defaultValue: preview.lang }}
          />
          <SelectField
            label={t('quiz.preview.question')}
            options={[
              { value: '', label: t('quiz.preview.all') },
              ...quiz.questions.map((q, i) => ({
                value: q.question.id,
                label: t('quiz.questionN', { n: i + 1, id: q.question.id }),
              })),
            ]}
            selectProps={{ id: 'preview-question', name: 'question', defaultValue: preview.question ?? '' }}
          />
          <SubmitButton variant="secondary" className="mb-6">
            {t('quiz.preview.show')}
          </SubmitButton>
        </Form>
        <div lang={preview.lang} data-testid="quiz-preview" className="mt-2">
          {preview.data ? <ExerciseData id={`preview-${quiz.id}-data`} data={preview.data} /> : null}
          {/* The learner's questions, read-only: nothing here can be answered or sent. */}
          <fieldset disabled className="mt-4 space-y-4">
            <legend className="sr-only">{t('quiz.preview.readOnly')}</legend>
            {preview.questions.map(({ q, index }) => (
              <Question
                key={q.id}
                question={q}
                index={index}
                step={preview.exercise}
                convention={preview.convention}
                errors={[]}
                errorId={`quiz-preview-${q.id}-error`}
                formId="quiz-preview"
                sent={undefined}
              />
            ))}
          </fieldset>
        </div>
      </section>
    </div>
  )
}

function useReply(intent: string, match: Record<string, string> = {}) {
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, intent, match)
  return {
    reply,
    sent: reply?.initialValue as Record<string, unknown> | undefined,
    errors: (name: string) => reply?.error?.[name] ?? null,
  }
}

function SettingsForm({ settings, revision }: { settings: Loaded['quiz']['settings']; revision: number }) {
  const { t } = useTranslation('studio')
  const { reply, errors } = useReply('save-settings')
  return (
    <section aria-labelledby="quiz-settings" className="mt-8">
      <h2 id="quiz-settings" className="text-xl font-semibold">
        {t('quiz.settings')}
      </h2>
      <Form method="post" className="mt-3 grid max-w-3xl gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="save-settings" />
        <input type="hidden" name="revision" value={revision} />
        <div className="sm:col-span-2">
          <FormError errors={reply?.error?.[''] ?? null} />
        </div>
        <Field
          label={t('quiz.passingScore')}
          description={t('quiz.passingScoreHint')}
          errors={errors('passingScore')}
          inputProps={{
            id: 'quiz-passing-score',
            name: 'passingScore',
            type: 'number',
            min: 0,
            max: 100,
            step: 'any',
            required: true,
            defaultValue: settings.passingScore,
          }}
        />
        <Field
          label={t('quiz.maxAttempts')}
          description={t('quiz.maxAttemptsHint')}
          errors={errors('maxAttempts')}
          inputProps={{
            id: 'quiz-max-attempts',
            name: 'maxAttempts',
            type: 'number',
            min: 0,
            max: 100,
            step: 1,
            required: true,
            defaultValue: settings.maxAttempts,
          }}
        />
        <SelectField
          label={t('quiz.feedback')}
          errors={errors('feedback')}
          options={FEEDBACK_POLICIES.map((p) => ({ value: p, label: t(`quiz.feedbackPolicy.${p}`) }))}
          selectProps={{ id: 'quiz-feedback', name: 'feedback', defaultValue: settings.feedback }}
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t('quiz.options')}</legend>
          <label className="mt-1 flex items-center gap-2">
            <input type="checkbox" name="shuffle" defaultChecked={settings.shuffle} />
            {t('quiz.shuffle')}
          </label>
          <label className="mt-1 flex items-center gap-2">
            <input type="checkbox" name="countsForCertificate" defaultChecked={settings.countsForCertificate} />
            {t('quiz.countsForCertificate')}
          </label>
        </fieldset>
        <div className="sm:col-span-2">
          <SubmitButton>{t('quiz.saveSettings')}</SubmitButton>
        </div>
      </Form>
    </section>
  )
}

function AddQuestionForm({ revision }: { revision: number }) {
  const { t } = useTranslation('studio')
  const { reply, sent, errors } = useReply('add-question')
  return (
    <details className="mt-6 max-w-2xl" open={Boolean(reply)}>
      <summary className="text-brand-700 cursor-pointer font-medium">{t('quiz.addQuestion')}</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="add-question" />
        <input type="hidden" name="revision" value={revision} />
        <FormError errors={reply?.error?.[''] ?? null} />
        <SelectField
          label={t('quiz.type')}
          errors={errors('type')}
          options={QUESTION_TYPES.map((type) => ({ value: type, label: t(`quiz.types.${type}`) }))}
          selectProps={{ id: 'add-question-type', name: 'type', defaultValue: (sent?.type as string) ?? 'single' }}
        />
        <Field
          label={t('quiz.id')}
          description={t('quiz.idHint')}
          errors={errors('id')}
          inputProps={{ id: 'add-question-id', name: 'id', defaultValue: sent?.id as string, maxLength: 80 }}
        />
        <SubmitButton>{t('quiz.add')}</SubmitButton>
      </Form>
    </details>
  )
}

/** Move up / down and delete: a small form each (no JavaScript needed); the server checks the position. */
function QuestionTools({ id, index, count, revision }: { id: string; index: number; count: number; revision: number }) {
  const { t } = useTranslation('studio')
  const move = (to: number, label: string, text: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value="move-question" />
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="question" value={id} />
      <input type="hidden" name="position" value={to} />
      <button
        type="submit"
        aria-label={label}
        className="rounded border border-slate-400 bg-white px-2 py-0.5 text-sm hover:bg-slate-100"
      >
        {text}
      </button>
    </Form>
  )
  return (
    <div className="flex flex-wrap gap-1">
      {index > 0 ? move(index, t('outline.moveUp', { name: id }), t('outline.up')) : null}
      {index < count - 1 ? move(index + 2, t('outline.moveDown', { name: id }), t('outline.down')) : null}
      {count > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="delete-question" />
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="question" value={id} />
          <button
            type="submit"
            aria-label={t('quiz.deleteQuestion', { id })}
            className="rounded border border-red-700 bg-white px-2 py-0.5 text-sm text-red-800 hover:bg-red-50"
          >
            {t('quiz.delete')}
          </button>
        </Form>
      ) : null}
    </div>
  )
}

/** A pair of fields, English and Spanish side by side. */
function Pair({
  name,
  label,
  values,
  errors,
  idPrefix,
  long = false,
  description,
}: {
  name: string
  label: string
  values: { en?: string; es?: string } | undefined
  errors: (name: string) => string[] | null
  idPrefix: string
  long?: boolean
  description?: string
}) {
  const { t } = useTranslation('studio')
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {LANGS.map((l) => {
        const suffix = l === 'en' ? 'En' : 'Es'
        const fieldLabel = t('quiz.inLanguage', { what: label, language: t(`editor.language.${l}`) })
        const id = `${idPrefix}-${name}-${l}`
        return long ? (
          <TextAreaField
            key={l}
            label={fieldLabel}
            description={description}
            errors={errors(`${name}${suffix}`)}
            textareaProps={{
              id,
              name: `${name}${suffix}`,
              lang: l,
              maxLength: MAX_QUIZ_TEXT,
              defaultValue: values?.[l] ?? '',
            }}
          />
        ) : (
          <Field
            key={l}
            label={fieldLabel}
            description={description}
            errors={errors(`${name}${suffix}`)}
            inputProps={{ id, name: `${name}${suffix}`, lang: l, defaultValue: values?.[l] ?? '', maxLength: 200 }}
          />
        )
      })}
    </div>
  )
}

type RowValue = { id: string; text: { en: string; es: string }; answer?: string }

/** A list of a question (options, categories, items): each row its id, its texts, its part of the key. */
function RowsFieldset({
  name,
  legend,
  rows,
  fixed,
  errors,
  idPrefix,
  keyPart,
}: {
  name: 'options' | 'categories' | 'items'
  legend: string
  rows: RowValue[]
  fixed: string[]
  errors: (name: string) => string[] | null
  idPrefix: string
  /** The row's part of the answer key (a radio, a checkbox, a position, a category), if any. */
  keyPart?: (row: RowValue | null, key: string, label: string) => React.ReactNode
}) {
  const { t } = useTranslation('studio')
  const all: Array<RowValue | null> = [...rows, ...Array.from({ length: NEW_ROWS }, () => null)]
  return (
    <fieldset className="rounded-md border border-slate-300 p-3">
      <legend className="px-1 font-medium">{legend}</legend>
      <p className="text-sm text-slate-600">{t('quiz.rowsHint')}</p>
      {all.map((row, i) => {
        const key = String(i)
        const base = `${name}.${key}`
        const published = row ? fixed.includes(row.id) : false
        const rowLabel = row ? t('quiz.row', { n: i + 1 }) : t('quiz.newRow', { n: i + 1 })
        // A row's part of the key (a category, a position): its message is the row's.
        const keyErrors = errors(`${base}.answer`) ?? errors(`${base}.position`)
        const keyErrorId = keyErrors ? `${idPrefix}-${name}-${key}-key-error` : undefined
        return (
          <fieldset
            key={key}
            className="mt-3 border-t border-slate-200 pt-2"
            aria-describedby={keyErrors ? keyErrorId : undefined}
          >
            <legend className="text-sm font-medium">{rowLabel}</legend>
            {row ? <input type="hidden" name={`${base}.was`} value={row.id} /> : null}
            <div className="grid gap-3 sm:grid-cols-[10rem_1fr_1fr]">
              <Field
                label={t('quiz.rowId')}
                description={published ? t('quiz.fixedId') : undefined}
                errors={errors(`${base}.id`)}
                inputProps={{
                  id: `${idPrefix}-${name}-${key}-id`,
                  name: `${base}.id`,
                  defaultValue: row?.id ?? '',
                  readOnly: published,
                  maxLength: 80,
                }}
              />
              {LANGS.map((l) => (
                <Field
                  key={l}
                  label={t('quiz.inLanguage', { what: t('quiz.text'), language: t(`editor.language.${l}`) })}
                  errors={errors(`${base}.${l}`)}
                  inputProps={{
                    id: `${idPrefix}-${name}-${key}-${l}`,
                    name: `${base}.${l}`,
                    lang: l,
                    defaultValue: row?.text[l] ?? '',
                    maxLength: MAX_QUIZ_TEXT,
                  }}
                />
              ))}
            </div>
            <div className="flex flex-wrap items-center gap-4">
              {keyPart ? keyPart(row, key, rowLabel) : null}
              {row ? (
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name={`${base}.remove`} />
                  {t('quiz.remove')}
                </label>
              ) : null}
            </div>
            <ErrorList id={keyErrorId} errors={keyErrors} />
          </fieldset>
        )
      })}
    </fieldset>
  )
}

function QuestionSection({
  entry,
  index,
  count,
  revision,
  open,
}: {
  entry: EditorQuestion
  index: number
  count: number
  revision: number
  open: boolean
}) {
  const { t } = useTranslation('studio')
  const lang = useLang()
  const q = entry.question as QuestionFile
  const { reply, errors } = useReply('save-question', { question: q.id })
  const idPrefix = `q-${q.id}`
  const answerErrors = errors('answer')
  const answerErrorId = answerErrors?.length ? `${idPrefix}-answer-error` : undefined
  const choice = (type: 'radio' | 'checkbox', checked: boolean, key: string, label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type={type} name="answer" value={key} defaultChecked={checked} aria-describedby={answerErrorId} />
      {t('quiz.correct', { row: label })}
    </label>
  )
  return (
    <section aria-labelledby={`${idPrefix}-heading`} className="rounded-md border border-slate-300 p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h3 id={`${idPrefix}-heading`} className="mr-auto text-lg font-semibold">
          {t('quiz.questionHeading', { n: index + 1, id: q.id, type: t(`quiz.types.${q.type}`) })}
        </h3>
        <QuestionTools id={q.id} index={index} count={count} revision={revision} />
      </div>
      <p className="mt-1 text-slate-700">{q.prompt.en}</p>
      <details open={open || Boolean(reply)} className="mt-2">
        <summary className="text-brand-700 cursor-pointer font-medium">{t('quiz.editQuestion', { id: q.id })}</summary>
        <Form method="post" className="mt-3 space-y-4" aria-labelledby={`${idPrefix}-heading`}>
          <input type="hidden" name="intent" value="save-question" />
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="question" value={q.id} />
          <input type="hidden" name="type" value={q.type} />
          {/* The type is a hidden field: its message is the form's. */}
          <FormError errors={[...(reply?.error?.[''] ?? []), ...(reply?.error?.type ?? [])]} />
          <Field
            label={t('quiz.id')}
            description={entry.published ? t('quiz.fixedId') : t('quiz.idHint')}
            errors={errors('id')}
            inputProps={{
              id: `${idPrefix}-id`,
              name: 'id',
              defaultValue: q.id,
              readOnly: entry.published,
              maxLength: 80,
            }}
          />
          <Pair name="prompt" label={t('quiz.prompt')} values={q.prompt} errors={errors} idPrefix={idPrefix} long />
          {q.type === 'single' || q.type === 'multiple' ? (
            <fieldset aria-describedby={answerErrorId}>
              <legend className="sr-only">{t('quiz.key')}</legend>
              <RowsFieldset
                name="options"
                legend={q.type === 'single' ? t('quiz.optionsSingle') : t('quiz.optionsMultiple')}
                rows={q.options}
                fixed={entry.publishedIds}
                errors={errors}
                idPrefix={idPrefix}
                keyPart={(row, key, label) =>
                  choice(
                    q.type === 'single' ? 'radio' : 'checkbox',
                    row ? (q.type === 'single' ? q.answer === row.id : q.answer.includes(row.id)) : false,
                    key,
                    label,
                  )
                }
              />
            </fieldset>
          ) : null}
          {q.type === 'order' ? (
            <RowsFieldset
              name="options"
              legend={t('quiz.optionsOrder')}
              rows={q.options}
              fixed={entry.publishedIds}
              errors={errors}
              idPrefix={idPrefix}
              keyPart={(row, key) => (
                <label className="flex items-center gap-2 text-sm">
                  {t('quiz.position')}
                  <input
                    type="number"
                    name={`options.${key}.position`}
                    min={1}
                    step={1}
                    defaultValue={row ? q.answer.indexOf(row.id) + 1 : ''}
                    className="w-20 rounded border border-slate-400 px-2 py-1"
                  />
                </label>
              )}
            />
          ) : null}
          {q.type === 'truefalse' ? (
            <fieldset aria-describedby={answerErrorId}>
              <legend className="text-sm font-medium text-slate-800">{t('quiz.key')}</legend>
              {(['true', 'false'] as const).map((v) => (
                <label key={v} className="mr-4 inline-flex items-center gap-1">
                  <input type="radio" name="answer" value={v} defaultChecked={String(q.answer) === v} />
                  {t(`quiz.${v}`)}
                </label>
              ))}
            </fieldset>
          ) : null}
          {q.type === 'numeric' ? (
            <fieldset className="grid gap-3 sm:grid-cols-3">
              <legend className="text-sm font-medium text-slate-800">{t('quiz.key')}</legend>
              <Field
                label={t('quiz.numericAnswer')}
                description={t(`quiz.numberHint.${defaultConvention(lang)}`)}
                errors={answerErrors}
                inputProps={{
                  id: `${idPrefix}-answer`,
                  name: 'answer',
                  defaultValue: entry.answer ?? '',
                  maxLength: 30,
                }}
              />
              <SelectField
                label={t('quiz.toleranceKind')}
                options={(['absolute', 'relative'] as const).map((k) => ({
                  value: k,
                  label: t(`quiz.tolerances.${k}`),
                }))}
                selectProps={{
                  id: `${idPrefix}-tolerance-kind`,
                  name: 'toleranceKind',
                  defaultValue: entry.tolerance?.kind,
                }}
              />
              <Field
                label={t('quiz.tolerance')}
                errors={errors('tolerance')}
                inputProps={{
                  id: `${idPrefix}-tolerance`,
                  name: 'tolerance',
                  defaultValue: entry.tolerance?.value ?? '',
                  maxLength: 30,
                }}
              />
              <Field
                label={t('quiz.significantFigures')}
                description={t('quiz.optional')}
                errors={errors('significantFigures')}
                inputProps={{
                  id: `${idPrefix}-figures`,
                  name: 'significantFigures',
                  type: 'number',
                  min: 1,
                  max: 15,
                  defaultValue: q.significantFigures ?? '',
                }}
              />
              <div className="sm:col-span-3">
                <Pair
                  name="unit"
                  label={t('quiz.unit')}
                  values={q.unit}
                  errors={errors}
                  idPrefix={idPrefix}
                  description={t('quiz.optional')}
                />
              </div>
            </fieldset>
          ) : null}
          {q.type === 'text' ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {LANGS.map((l) => {
                const suffix = l === 'en' ? 'En' : 'Es'
                return (
                  <TextAreaField
                    key={l}
                    label={t('quiz.inLanguage', { what: t('quiz.accept'), language: t(`editor.language.${l}`) })}
                    description={t('quiz.acceptHint')}
                    errors={errors(`accept${suffix}`)}
                    textareaProps={{
                      id: `${idPrefix}-accept-${l}`,
                      name: `accept${suffix}`,
                      lang: l,
                      maxLength: MAX_QUIZ_TEXT,
                      defaultValue: q.accept[l].join('\n'),
                    }}
                  />
                )
              })}
            </div>
          ) : null}
          {q.type === 'match' ? (
            <>
              <RowsFieldset
                name="categories"
                legend={t('quiz.categories')}
                rows={q.categories}
                fixed={entry.publishedIds}
                errors={errors}
                idPrefix={idPrefix}
              />
              <RowsFieldset
                name="items"
                legend={t('quiz.items')}
                rows={q.items}
                fixed={entry.publishedIds}
                errors={errors}
                idPrefix={idPrefix}
                keyPart={(row, key, label) => (
                  <label className="flex items-center gap-2 text-sm">
                    {t('quiz.itemCategory', { row: label })}
                    <select
                      name={`items.${key}.answer`}
                      defaultValue={row ? String(q.categories.findIndex((c) => c.id === row.answer)) : ''}
                      className="rounded border border-slate-400 bg-white px-2 py-1"
                    >
                      <option value="">{t('quiz.chooseCategory')}</option>
                      {q.categories.map((c, ci) => (
                        <option key={c.id} value={String(ci)}>
                          {c.text.en} / {c.text.es}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              />
            </>
          ) : null}
          {(q.type === 'single' || q.type === 'multiple' || q.type === 'order' || q.type === 'match') &&
          answerErrors ? (
            <ErrorList id={answerErrorId} errors={answerErrors} />
          ) : null}
          {q.type === 'truefalse' ? <ErrorList id={answerErrorId} errors={answerErrors} /> : null}
          <Pair
            name="explanation"
            label={t('quiz.explanation')}
            values={q.explanation}
            errors={errors}
            idPrefix={idPrefix}
            long
          />
          <Pair
            name="hint"
            label={t('quiz.hint')}
            description={t('quiz.hintHint')}
            values={q.hint}
            errors={errors}
            idPrefix={idPrefix}
            long
          />
          <SubmitButton>{t('quiz.saveQuestion', { id: q.id })}</SubmitButton>
        </Form>
      </details>
    </section>
  )
}
