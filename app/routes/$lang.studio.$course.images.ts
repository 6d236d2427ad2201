// Uploading an image to a course in the Studio (ADR 034 §3f): POST multipart/form-data with `file`
// and an optional `name` (else the file's name). The course's trainers and administrators only. The
// upload is read at most MAX_IMAGE_BYTES (the reading stops there), checked and encoded again by
// storeImage (app/studio/images.server.ts) and saved as a file draft `assets/<name>-<hash>.<ext>`;
// the answer is JSON: `{ src, width, height }` (201), or `{ error, key }` (the message translated and
// its key) with a 4xx status,
// nothing stored. The editor's Figure form (the lesson editor route) uses the same storeImage.
// GET ?file=<name> answers one of the course's images as the Studio sees it (the draft if there is
// one): the preview shows draft images from here, since they are not published yet.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireRole } from '#app/accounts/auth.server.ts'
import { assetContentType } from '#app/content/course-urls.server.ts'
import { readCourseFile } from '#app/studio/file-drafts.server.ts'
import { MAX_IMAGE_BYTES, MAX_IMAGE_NAME_LENGTH } from '#app/studio/image-limits.ts'
import { IMAGE_ERRORS, storeImage, type ImageError } from '#app/studio/images.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { parseSubmission } from '#app/utils/form.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { textSchema } from '#app/utils/validation.ts'

const ImageUploadSchema = z.object({
  // An empty file input is no file (Conform).
  file: z.instanceof(File, { message: 'studio:images.errors.missing' }),
  name: textSchema(MAX_IMAGE_NAME_LENGTH, { optional: true }),
})

const headers = { 'Cache-Control': 'no-store' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const name = new URL(request.url).searchParams.get('file') ?? ''
  const type = assetContentType(name)
  if (!type || !/^[a-z0-9][a-z0-9._-]{0,199}$/.test(name)) throw new Response('Not found', { status: 404 })
  const file = await readCourseFile(course.id, `assets/${name}`)
  if (!file.bytes) throw new Response('Not found', { status: 404 })
  // A draft image may change under the same name only when deleted and added again: always revalidate.
  return new Response(new Uint8Array(file.bytes), {
    headers: { 'Content-Type': type, 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff' },
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const t = getT(lang, ['studio', 'validation'])
  // The message translated, and its key (the editor's form shows it at the field, as its own errors).
  const refuse = (key: string, status: number) => Response.json({ error: t(key), key }, { status, headers })
  const refuseImage = (error: ImageError) => refuse(IMAGE_ERRORS[error].message, IMAGE_ERRORS[error].status)
  let courseId: string
  let userId: string
  try {
    const user = await requireRole(request, ['trainer', 'admin'])
    courseId = requireTaughtCourse(user, params.course).id
    userId = user.id
  } catch (error) {
    // The guards' answers, in the page's language (a resource route has no error boundary).
    if (error instanceof Response && (error.status === 403 || error.status === 404))
      return refuse(
        error.status === 403 ? 'studio:images.errors.forbidden' : 'studio:images.errors.notFound',
        error.status,
      )
    throw error
  }
  const submission = await parseSubmission(request, ImageUploadSchema, {
    upload: {
      maxPartBytes: MAX_IMAGE_BYTES,
      tooLarge: () => {
        throw refuseImage('tooLarge')
      },
    },
  })
  if (submission.status !== 'success') {
    const key = Object.values(submission.error ?? {}).flat()[0] ?? 'validation:invalid'
    return refuse(key, 400)
  }
  const { file, name } = submission.value
  const stored = await storeImage({
    courseId,
    name: name || file.name,
    upload: Buffer.from(await file.arrayBuffer()),
    userId,
  })
  if (!stored.ok) return refuseImage(stored.error)
  return Response.json({ src: stored.path, width: stored.width, height: stored.height }, { status: 201, headers })
}
