// The Studio's lesson editor (ADR 034 §3): English and Spanish side by side, each a CodeMirror
// editor over a plain textarea (without JavaScript the textarea and its button still save), a
// toolbar that inserts each course component, autosave as a draft with the revision it was based
// on (a stale save is a 409 naming who saved last and when), and a live preview with the problems
// at their lines, compiled in the compile worker by the preview route beside this one.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Field, FormError, replyFor, SelectField, SubmitButton, type Reply } from '#app/components/forms.tsx'
import { defaultConvention, type NumberConvention } from '#app/content/numbers.ts'
import { useLang } from '#app/root.tsx'
import { BackToOutline } from '#app/studio/back-to-outline.tsx'
import { type SourceEditor } from '#app/studio/codemirror.client.ts'
import { DRAFT_ERRORS, saveDraft, SaveDraftSchema, type SaveDraft } from '#app/studio/drafts.server.ts'
import { draftCourseSource } from '#app/studio/file-drafts.server.ts'
import {
  MAX_ALT_LENGTH,
  MAX_CAPTION_LENGTH,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_NAME_LENGTH,
  MAX_IMAGE_SIDE,
} from '#app/studio/image-limits.ts'
import { courseImages, FigureSchema, IMAGE_ERRORS, storeImage, type Figure } from '#app/studio/images.server.ts'
import { titleOfText } from '#app/studio/outline.server.ts'
import { COMPONENT_KINDS, componentSnippet, figureSnippet, type SnippetIds } from '#app/studio/snippets.ts'
import { editorLessons, requireStudioLesson, snippetIds, type EditorProblem } from '#app/studio/studio.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, LANGS, type Lang } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:title')

/** Autosave and preview wait this long after the last keystroke. */
const SAVE_DELAY_MS = 1_000
const PREVIEW_DELAY_MS = 600

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const { course, source, lesson } = await requireStudioLesson(request, params)
  const texts = await editorLessons(source, lesson.id)
  // A lesson added in the Studio has no published file yet: its draft's title.
  const draftTitle = () => titleOfText(texts.find((x) => x.locale === lang)?.source ?? '', lang)
  return {
    course: { id: course.id, title: course.title[lang] },
    lesson: {
      id: lesson.id,
      title:
        lesson.files[lang]?.frontmatter?.title ?? lesson.files.en?.frontmatter?.title ?? draftTitle() ?? lesson.slug,
    },
    texts,
    ids: snippetIds(source),
    // Published and draft images.
    images: courseImages(await draftCourseSource(course.id)),
  }
}

export type SaveReply =
  | { ok: true; locale: Lang; revision: number }
  | { ok: false; locale: Lang | null; conflict: boolean; message: string; source?: string; revision?: number }

export type FigureReply = { figure: { locale: Lang; snippet: string } }

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const { user, course, source, lesson } = await requireStudioLesson(request, params)
  // The Figure form without JavaScript sends its image in the same request (multipart), read at most
  // MAX_IMAGE_BYTES (past it a translated 413 page).
  const submission = await parseSubmission(
    request,
    (form) => (form.get('intent') === 'figure' ? FigureSchema : SaveDraftSchema),
    { upload: { maxPartBytes: MAX_IMAGE_BYTES } },
  )
  const t = getT(lang, ['studio', 'validation'])
  if (submission.payload.intent === 'figure') {
    if (submission.status !== 'success') return invalid(submission)
    const figure = submission.value as Figure
    const text = (await editorLessons(source, lesson.id)).find((x) => x.locale === figure.locale)!
    // Someone saved this language since the page was read: nothing is stored (the image neither).
    if (figure.mode === 'append' && text.revision !== figure.revision)
      return refuse(submission, ['studio:figure.stale', 409])
    let src: string
    if (figure.file) {
      const stored = await storeImage({
        courseId: course.id,
        name: figure.name || figure.file.name,
        upload: Buffer.from(await figure.file.arrayBuffer()),
        userId: user.id,
      })
      if (!stored.ok) return refuse(submission, domainError(IMAGE_ERRORS, stored.error), { field: 'file' })
      src = stored.path
    } else {
      if (!courseImages(await draftCourseSource(course.id)).includes(figure.image!))
        return refuse(submission, ['studio:figure.unknownImage', 400], { field: 'image' })
      src = `assets/${figure.image}`
    }
    const snippet = figureSnippet({ src, alt: figure.alt, caption: figure.caption })
    if (figure.mode === 'snippet') return data<FigureReply>({ figure: { locale: figure.locale, snippet } })
    const saved = await saveDraft({
      courseId: course.id,
      lessonId: lesson.id,
      locale: figure.locale,
      source: `${text.source.trimEnd()}\n\n${snippet}\n`,
      baseRevision: figure.revision,
      userId: user.id,
    })
    if (!saved.ok) return refuse(submission, ['studio:figure.stale', 409])
    throw redirect(`/${lang}/studio/${course.id}/${lesson.id}`, 303)
  }
  if (submission.status !== 'success') {
    const locale = LANGS.find((l) => l === submission.payload.locale) ?? null
    const key = Object.values(submission.error ?? {}).flat()[0] ?? 'validation:invalid'
    return data<SaveReply>({ ok: false, locale, conflict: false, message: t(key) }, { status: 400 })
  }
  const { locale, revision, source: text } = submission.value as SaveDraft
  const saved = await saveDraft({
    courseId: course.id,
    lessonId: lesson.id,
    locale,
    source: text,
    baseRevision: revision,
    userId: user.id,
  })
  if (!saved.ok) {
    const date = new Intl.DateTimeFormat(formattingLocale(lang, user.country), {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(saved.at)
    const [message, status] = [DRAFT_ERRORS[saved.error].message, DRAFT_ERRORS[saved.error].status]
    return data<SaveReply>(
      {
        ok: false,
        locale,
        conflict: true,
        message: t(message, { name: saved.by ?? t('errors.someone'), date: `${date} UTC` }),
        // Without JavaScript the page shows the refused text again, still based on the old revision.
        source: text,
        revision,
      },
      { status },
    )
  }
  return data<SaveReply>({ ok: true, locale, revision: saved.revision })
}

// Autosaves and previews are fetches: the editor already has what the loader would send again.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod ? false : defaultShouldRevalidate

type PreviewResult = { html: string | null; problems: EditorProblem[] }

export default function StudioEditorPage() {
  const { course, lesson, texts, ids, images } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  // The save form's answer (the Figure form's is a Conform reply, or a snippet for the editor).
  const actionData = reply && 'ok' in reply ? reply : undefined
  const figureReply = reply && 'result' in reply ? reply : undefined
  const { t } = useTranslation('studio')
  const lang = useLang()
  const [previewLocale, setPreviewLocale] = useState<Lang>(lang)
  const [convention, setConvention] = useState<NumberConvention>(defaultConvention(lang))
  const [previews, setPreviews] = useState<Partial<Record<Lang, PreviewResult & { pending: boolean }>>>({})
  const onPreview = useCallback(
    (locale: Lang, result: (PreviewResult & { pending: boolean }) | { pending: true }) =>
      setPreviews((all) => ({
        ...all,
        [locale]: 'html' in result ? result : { html: null, problems: [], ...all[locale], pending: true },
      })),
    [],
  )
  const shown = previews[previewLocale]
  return (
    <div className="mx-auto max-w-[96rem] px-4 py-8">
      <BackToOutline course={course} />
      <h1 className="mt-4 text-3xl font-bold">{t('editor.title', { lesson: lesson.title })}</h1>
      <p className="mt-2 text-slate-700">{t('editor.intro')}</p>
      {actionData && !actionData.ok && !actionData.locale ? (
        <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-2 text-red-800">
          {actionData.message}
        </p>
      ) : null}
      <noscript>
        <p className="mt-2 font-medium">{t('editor.noScript')}</p>
      </noscript>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {texts.map((text) => {
          const refused = actionData && !actionData.ok && actionData.locale === text.locale ? actionData : null
          return (
            <EditorPane
              key={text.locale}
              locale={text.locale}
              initial={refused?.source ?? text.source}
              revision={
                refused?.revision ??
                (actionData?.ok && actionData.locale === text.locale ? actionData.revision : text.revision)
              }
              draft={text.draft}
              refusal={refused?.message ?? null}
              savedNow={Boolean(actionData?.ok && actionData.locale === text.locale)}
              convention={convention}
              previewUrl={`/${lang}/studio/${course.id}/${lesson.id}/preview`}
              uploadUrl={`/${lang}/studio/${course.id}/images`}
              ids={ids}
              images={images}
              figureReply={figureReply}
              onPreview={onPreview}
            />
          )
        })}
      </div>
      <section aria-labelledby="studio-preview" className="mt-8 rounded-md border border-slate-300 p-4">
        <div className="flex flex-wrap items-end gap-4">
          <h2 id="studio-preview" className="mr-auto text-xl font-semibold">
            {t('editor.previewOf', { language: t(`editor.language.${previewLocale}`) })}
          </h2>
          <label className="text-sm">
            <span className="block font-medium">{t('editor.previewLanguage')}</span>
            <select
              value={previewLocale}
              onChange={(e) => setPreviewLocale(e.target.value as Lang)}
              className="rounded border border-slate-400 px-2 py-1"
            >
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {t(`editor.language.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block font-medium">{t('editor.convention')}</span>
            <select
              value={convention}
              onChange={(e) => setConvention(e.target.value as NumberConvention)}
              className="rounded border border-slate-400 px-2 py-1"
            >
              {(['point', 'comma'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`editor.conventions.${c}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="mt-2 min-h-5 text-sm text-slate-600" aria-live="polite">
          {shown?.pending ? t('editor.updating') : ''}
        </p>
        {shown?.html ? (
          <div
            className="lesson-prose mt-2"
            lang={previewLocale}
            data-testid="studio-preview"
            dangerouslySetInnerHTML={{ __html: shown.html }}
          />
        ) : (
          <p className="mt-2 text-slate-600">{t('editor.previewEmpty')}</p>
        )}
      </section>
    </div>
  )
}

function EditorPane({
  locale,
  initial,
  revision: initialRevision,
  draft,
  refusal,
  savedNow,
  convention,
  previewUrl,
  uploadUrl,
  ids,
  images,
  figureReply,
  onPreview,
}: {
  locale: Lang
  initial: string
  revision: number
  draft: boolean
  refusal: string | null
  savedNow: boolean
  convention: NumberConvention
  previewUrl: string
  uploadUrl: string
  ids: SnippetIds
  images: string[]
  figureReply: Reply
  onPreview: (locale: Lang, result: (PreviewResult & { pending: boolean }) | { pending: true }) => void
}) {
  const { t, i18n } = useTranslation('studio')
  const language = t(`editor.language.${locale}`)
  const save = useFetcher<typeof action>({ key: `studio-save-${locale}` })
  const textarea = useRef<HTMLTextAreaElement>(null)
  const mount = useRef<HTMLDivElement>(null)
  const editor = useRef<SourceEditor | null>(null)
  const text = useRef(initial)
  const revision = useRef(initialRevision)
  const sentText = useRef<string | null>(null)
  const saveTimer = useRef<ReturnType<typeof setTimeout>>()
  const previewTimer = useRef<ReturnType<typeof setTimeout>>()
  const previewAbort = useRef<AbortController | null>(null)
  const [enhanced, setEnhanced] = useState(false)
  const [status, setStatus] = useState<'published' | 'draft' | 'unsaved' | 'saving' | 'saved' | 'refused'>(
    refusal ? 'refused' : savedNow ? 'saved' : draft ? 'draft' : 'published',
  )
  const [message, setMessage] = useState<string | null>(refusal)
  const [problems, setProblems] = useState<EditorProblem[]>([])
  const [figureOpen, setFigureOpen] = useState(Boolean(replyFor(figureReply, 'figure', { locale })))
  const problemsId = `studio-problems-${locale}`

  const translate = useCallback(
    (p: EditorProblem) => (p.code && i18n.exists(`studio:codes.${p.code}`) ? t(`codes.${p.code}`) : p.message),
    [i18n, t],
  )

  const preview = useCallback(async () => {
    previewAbort.current?.abort()
    const abort = new AbortController()
    previewAbort.current = abort
    onPreview(locale, { pending: true })
    try {
      const response = await fetch(previewUrl, {
        method: 'POST',
        body: new URLSearchParams({ locale, convention, source: text.current }),
        signal: abort.signal,
      })
      const body = (await response.json()) as PreviewResult | { error: string }
      if (abort.signal.aborted) return
      const result: PreviewResult =
        'error' in body ? { html: null, problems: [{ line: null, code: null, message: body.error }] } : body
      setProblems(result.problems)
      onPreview(locale, { ...result, pending: false })
    } catch {
      // Aborted by a newer preview, or the network: the next keystroke tries again.
    }
  }, [convention, locale, onPreview, previewUrl])

  // One save in flight at a time: a second one would carry the revision the first is replacing and
  // come back a 409 (and a fetcher's new submission only drops the old answer, not the old write).
  // A save asked for meanwhile is sent when the answer comes, with the new revision.
  const inFlight = useRef(false)
  const saveAgain = useRef(false)
  const handled = useRef<typeof save.data>(undefined)
  const submitSave = useCallback(() => {
    if (status === 'refused') return
    if (inFlight.current) {
      saveAgain.current = true
      return
    }
    inFlight.current = true
    sentText.current = text.current
    setStatus('saving')
    save.submit(
      { intent: 'save', locale, revision: String(revision.current), source: text.current },
      { method: 'post' },
    )
  }, [locale, save, status])

  // The answer to a save: the new revision, or the refusal (a 409 stops autosave until a reload).
  useEffect(() => {
    const reply = save.data && 'ok' in save.data ? save.data : undefined
    if (!reply || save.state !== 'idle' || !inFlight.current || reply === handled.current) return
    handled.current = reply
    inFlight.current = false
    const again = saveAgain.current
    saveAgain.current = false
    if (reply.ok) {
      revision.current = reply.revision
      setMessage(null)
      setStatus(sentText.current === text.current ? 'saved' : 'unsaved')
      if (again && sentText.current !== text.current) submitSave()
    } else {
      setStatus(reply.conflict ? 'refused' : 'unsaved')
      setMessage(reply.message)
    }
  }, [save.data, save.state, submitSave])

  const changed = useCallback(
    (value: string) => {
      text.current = value
      if (textarea.current) textarea.current.value = value
      setStatus((s) => (s === 'refused' ? s : 'unsaved'))
      clearTimeout(saveTimer.current)
      saveTimer.current = setTimeout(() => submitSave(), SAVE_DELAY_MS)
      clearTimeout(previewTimer.current)
      previewTimer.current = setTimeout(() => void preview(), PREVIEW_DELAY_MS)
    },
    [preview, submitSave],
  )
  const changedRef = useRef(changed)
  changedRef.current = changed

  // CodeMirror replaces the textarea once the page runs JavaScript.
  useEffect(() => {
    let cancelled = false
    void import('#app/studio/codemirror.client.ts').then(({ createSourceEditor }) => {
      if (cancelled || !mount.current) return
      editor.current = createSourceEditor(mount.current, {
        doc: text.current,
        label: t('editor.text', { language }),
        describedBy: problemsId,
        lang: locale,
        onChange: (value) => changedRef.current(value),
      })
      setEnhanced(true)
    })
    return () => {
      cancelled = true
      editor.current?.destroy()
      editor.current = null
    }
    // Mounted once; the label's language is the page's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // A first preview (the problems of the text as it is), and again when the convention changes.
  useEffect(() => {
    void preview()
  }, [preview])

  useEffect(() => {
    editor.current?.setProblems(problems.map((p) => ({ line: p.line, message: translate(p) })))
  }, [problems, translate, enhanced])

  useEffect(
    () => () => {
      clearTimeout(saveTimer.current)
      clearTimeout(previewTimer.current)
      previewAbort.current?.abort()
    },
    [],
  )

  return (
    <section aria-labelledby={`studio-pane-${locale}`} lang={locale === 'en' ? 'en' : 'es'}>
      <h2 id={`studio-pane-${locale}`} className="text-xl font-semibold">
        {t(`editor.language.${locale}`)}
      </h2>
      <div
        role="toolbar"
        aria-label={t('editor.toolbar', { language })}
        className="mt-2 flex flex-wrap gap-1"
        hidden={!enhanced}
      >
        {COMPONENT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="rounded border border-slate-400 bg-white px-2 py-1 text-sm hover:bg-slate-100"
            aria-expanded={kind === 'figure' ? figureOpen : undefined}
            aria-controls={kind === 'figure' ? `studio-figure-${locale}` : undefined}
            onClick={() => {
              // A figure needs an image and its alt text: the Figure form asks for them.
              if (kind === 'figure') return setFigureOpen((open) => !open)
              const snippet = componentSnippet(kind, locale, ids)
              editor.current?.insert(snippet.text, snippet.block)
            }}
          >
            {t(`insert.${kind}`)}
          </button>
        ))}
      </div>
      <FigureForm
        locale={locale}
        revision={revision.current}
        images={images}
        uploadUrl={uploadUrl}
        enhanced={enhanced}
        open={figureOpen}
        onOpen={setFigureOpen}
        reply={figureReply}
        onInsert={(snippet) => {
          editor.current?.insert(snippet, true)
          setFigureOpen(false)
        }}
      />
      <form
        method="post"
        onSubmit={(event) => {
          if (!enhanced) return
          event.preventDefault()
          clearTimeout(saveTimer.current)
          submitSave()
        }}
      >
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="revision" value={revision.current} />
        <label htmlFor={`studio-source-${locale}`} className={enhanced ? 'sr-only' : 'mt-2 block font-medium'}>
          {t('editor.text', { language })}
        </label>
        <textarea
          ref={textarea}
          id={`studio-source-${locale}`}
          name="source"
          defaultValue={initial}
          hidden={enhanced}
          rows={24}
          spellCheck
          aria-describedby={problemsId}
          className="mt-1 w-full rounded border border-slate-400 p-2 font-mono text-sm"
          onChange={(e) => changed(e.target.value)}
        />
        <div
          ref={mount}
          data-testid={`studio-editor-${locale}`}
          className="studio-editor mt-2 rounded border border-slate-400 bg-white"
          hidden={!enhanced}
        />
        <div className="mt-2 flex items-center gap-3">
          <button type="submit" className="bg-brand-700 rounded px-3 py-1.5 text-sm font-medium text-white">
            {t('editor.save', { language })}
          </button>
          <p className="text-sm text-slate-700" aria-live="polite" data-testid={`studio-status-${locale}`}>
            {status === 'saving'
              ? t('editor.saving')
              : status === 'unsaved'
                ? t('editor.unsaved')
                : status === 'saved' || status === 'draft'
                  ? t('editor.saved', { revision: revision.current })
                  : status === 'published'
                    ? t('editor.published')
                    : ''}
          </p>
        </div>
        {message ? (
          <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800">
            {message}
          </p>
        ) : null}
      </form>
      <div id={problemsId} className="mt-3">
        <h3 className="font-semibold">{t('editor.problems', { language })}</h3>
        {problems.length === 0 ? (
          <p className="text-sm text-slate-600">{enhanced ? t('editor.noProblems') : ''}</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm" data-testid={`studio-problems-${locale}`}>
            {problems.map((p, i) => (
              <li key={i} className="text-red-800">
                <span className="font-medium">
                  {p.line ? t('editor.line', { line: p.line }) : t('editor.wholeLesson')}
                </span>
                {': '}
                {translate(p)}
                {p.code ? (
                  <span className="block text-xs text-slate-600" lang="en">
                    {p.message}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  )
}

/**
 * The Figure form of one language (ADR 034 §3f): an image of the course or a new one, its alt text
 * (required) and a caption. Without JavaScript a plain multipart form: the editor route stores the
 * image and adds the figure at the end of the text. With it, a new image goes to the upload route
 * first (its refusal shown at the file field), then the route answers the snippet, inserted at the
 * cursor.
 */
function FigureForm({
  locale,
  revision,
  images,
  uploadUrl,
  enhanced,
  open,
  onOpen,
  reply: pageReply,
  onInsert,
}: {
  locale: Lang
  revision: number
  images: string[]
  uploadUrl: string
  enhanced: boolean
  open: boolean
  onOpen: (open: boolean) => void
  reply: Reply
  onInsert: (snippet: string) => void
}) {
  const { t } = useTranslation('studio')
  const language = t(`editor.language.${locale}`)
  const fetcher = useFetcher<typeof action>({ key: `studio-figure-${locale}` })
  const form = useRef<HTMLFormElement>(null)
  const [uploaded, setUploaded] = useState<string[]>([])
  const [uploadError, setUploadError] = useState<string | null>(null)
  const [uploading, setUploading] = useState(false)
  const fetched = fetcher.data && 'result' in fetcher.data ? fetcher.data : undefined
  const reply = replyFor(fetched ?? pageReply, 'figure', { locale })
  const sent = reply?.initialValue as Record<string, string> | undefined
  const errors = (name: string) => reply?.error?.[name] ?? null
  const id = (name: string) => `studio-figure-${locale}-${name}`
  const handled = useRef<unknown>(null)

  useEffect(() => {
    const answer = fetcher.data
    if (!answer || fetcher.state !== 'idle' || answer === handled.current || !('figure' in answer)) return
    handled.current = answer
    onInsert(answer.figure.snippet)
    form.current?.reset()
  }, [fetcher.data, fetcher.state, onInsert])

  const all = [...new Set([...images, ...uploaded])].sort()
  return (
    <details
      id={`studio-figure-${locale}`}
      data-testid={`studio-figure-${locale}`}
      className="mt-2 rounded border border-slate-300 p-2"
      open={open}
      onToggle={(event) => onOpen(event.currentTarget.open)}
    >
      <summary className="text-brand-700 cursor-pointer text-sm font-medium">{t('figure.title', { language })}</summary>
      <fetcher.Form
        ref={form}
        method="post"
        encType="multipart/form-data"
        className="mt-2 space-y-2"
        onSubmit={(event) => {
          if (!enhanced) return
          event.preventDefault()
          const data = new FormData(event.currentTarget)
          const file = data.get('file')
          data.delete('file')
          data.set('mode', 'snippet')
          setUploadError(null)
          void (async () => {
            if (file instanceof File && file.size > 0) {
              // A new image: stored by the upload route (its translated refusal shown at the field).
              setUploading(true)
              const upload = new FormData()
              upload.set('file', file)
              upload.set('name', String(data.get('name') ?? ''))
              try {
                const response = await fetch(uploadUrl, { method: 'POST', body: upload })
                const answer = (await response.json()) as { src: string } | { error: string; key: string }
                if ('key' in answer) return setUploadError(answer.key)
                const name = answer.src.replace(/^assets\//, '')
                setUploaded((list) => [...list, name])
                data.set('image', name)
              } catch {
                return setUploadError('studio:errors.failed')
              } finally {
                setUploading(false)
              }
            }
            data.delete('name')
            fetcher.submit(data, { method: 'post' })
          })()
        }}
      >
        <input type="hidden" name="intent" value="figure" />
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="revision" value={revision} />
        <FormError errors={reply?.error?.[''] ?? null} />
        <SelectField
          label={t('figure.image')}
          errors={errors('image')}
          options={all.map((name) => ({ value: name, label: name }))}
          placeholder={t('figure.newImage')}
          selectProps={{ id: id('image'), name: 'image', defaultValue: sent?.image ?? '' }}
        />
        <Field
          label={t('figure.file')}
          description={t('figure.fileHint', { max: MAX_IMAGE_BYTES / 1024 / 1024, side: MAX_IMAGE_SIDE })}
          errors={uploadError ? [uploadError] : errors('file')}
          inputProps={{ id: id('file'), name: 'file', type: 'file', accept: 'image/png,image/jpeg,image/webp' }}
        />
        <Field
          label={t('figure.name')}
          description={t('figure.nameHint')}
          errors={errors('name')}
          inputProps={{ id: id('name'), name: 'name', defaultValue: sent?.name, maxLength: MAX_IMAGE_NAME_LENGTH }}
        />
        <Field
          label={t('figure.alt', { language })}
          description={t('figure.altHint')}
          errors={errors('alt')}
          inputProps={{
            id: id('alt'),
            name: 'alt',
            lang: locale,
            required: true,
            defaultValue: sent?.alt,
            maxLength: MAX_ALT_LENGTH,
          }}
        />
        <Field
          label={t('figure.caption', { language })}
          errors={errors('caption')}
          inputProps={{
            id: id('caption'),
            name: 'caption',
            lang: locale,
            defaultValue: sent?.caption,
            maxLength: MAX_CAPTION_LENGTH,
          }}
        />
        <SubmitButton>
          {uploading ? t('figure.uploading') : enhanced ? t('figure.insert') : t('figure.append')}
        </SubmitButton>
      </fetcher.Form>
    </details>
  )
}
