// The Studio editor's live preview and problems (ADR 034 §3): the lesson text being typed, checked,
// compiled and pre-rendered in the compile worker (compile-untrusted.server.ts), in the language and
// number convention asked for, exactly as the build renders it for learners. Answers the HTML (quiz
// places marked) and every problem with its line; a lesson with problems is not rendered. Nothing is
// saved. The course's trainers and administrators only.
import { type ActionFunctionArgs } from '@remix-run/node'
import { compileUntrusted } from '#app/content/compile-untrusted.server.ts'
import { draftCourseSource } from '#app/studio/file-drafts.server.ts'
import { withDraftImages } from '#app/studio/images.server.ts'
import { compileCourse, lessonFileName, PreviewSchema, requireStudioLesson } from '#app/studio/studio.server.ts'
import { parseSubmission } from '#app/utils/form.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { hit, RATE_LIMITS, rateLimitsOn } from '#app/utils/rate-limit.server.ts'

const QUIZ_SLOT = /<div data-quiz-slot="([a-z0-9-]+)"><\/div>/g
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const { user, course, lesson } = await requireStudioLesson(request, params)
  const t = getT(lang, ['studio', 'validation'])
  // Per account, across nodes: one person cannot keep the node's compile worker busy.
  const wait = rateLimitsOn() ? await hit(`studio-preview:${user.id}`, RATE_LIMITS.studioPreviewPerAccount) : 0
  if (wait > 0)
    return Response.json(
      { error: t('editor.tooManyPreviews', { seconds: wait }) },
      { status: 429, headers: { 'Retry-After': String(wait), 'Cache-Control': 'no-store' } },
    )
  const submission = await parseSubmission(request, PreviewSchema)
  if (submission.status !== 'success') {
    const key = Object.values(submission.error ?? {}).flat()[0] ?? 'validation:invalid'
    return Response.json({ error: t(key) }, { status: 400, headers: { 'Cache-Control': 'no-store' } })
  }
  const { locale, convention, source: text } = submission.value
  const answer = await compileUntrusted({
    source: text,
    file: lessonFileName(course.id, lesson.id, locale),
    locale,
    convention,
    // The course with its file drafts (a glossary term or quiz not published yet is known).
    // Draft images at the Studio's own address (ADR 034 §3f).
    course: await withDraftImages(compileCourse(await draftCourseSource(course.id), locale), course.id, lang),
  })
  // The quizzes are live for learners; the preview marks their place.
  const quiz = getT(locale, 'studio')
  const html = answer.html?.replace(
    QUIZ_SLOT,
    (_slot, id: string) => `<p class="studio-quiz-slot">${escapeHtml(quiz('editor.quizSlot', { id }))}</p>`,
  )
  return Response.json(
    {
      locale,
      convention,
      html: html ?? null,
      problems: answer.problems.map((p) => ({ line: p.line ?? null, code: p.code ?? null, message: p.message })),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
