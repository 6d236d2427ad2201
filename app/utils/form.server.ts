// The one way an action reads its request and answers (ADR 013):
//
//   const submission = await parseSubmission(request, Schema)
//   if (submission.status !== 'success') return invalid(submission)          // 400
//   const result = await someModuleFunction(submission.value)
//   if (!result.ok) return refuse(submission, ERRORS[result.error])           // the module's table
//   throw redirect(here, { headers: toast })                                  // or done(submission)
//
// A body that is not a form is refused here, before any schema or module sees it, and changes
// nothing: another Content-Type (JSON, text/plain, …) is a 415; a form that cannot be read (a
// multipart body cut short, bytes that are not UTF-8, more fields than any form has, a field name
// no form uses) is a 400. Both are thrown as responses, so the route's error boundary says so in
// the page's language, and nothing is logged as an error.
import { type Submission, type SubmissionResult } from '@conform-to/react'
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'
import { type z } from 'zod'
import { checkHoneypot } from './honeypot.server.ts'
import { FORM_ERROR, parseForm } from './validation.ts'

/**
 * What every action answers when it does not redirect: Conform's reply, read by the form's
 * `useForm({ lastResult })`; messages are i18n keys, the form's own under '' (ADR 013).
 */
export type ActionReply = { result: SubmissionResult<string[]> }

/** More fields than any form of the app has (a quiz of 100 questions with 8 parts stays under it). */
export const MAX_FORM_FIELDS = 1000
/** Names the forms use: letters, digits, `_`, `-`, and `.` between the parts of a nested name. */
const FIELD_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/
const MAX_FIELD_NAME = 200

const URLENCODED = 'application/x-www-form-urlencoded'
const MULTIPART = 'multipart/form-data'

// A Response, not data(): a resource route answers it as it is, and a page route shows its
// error boundary for the status.
function refuseBody(status: 400 | 413 | 415, reason: string): never {
  throw new Response(`${status}: ${reason}`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

/**
 * A multipart form with a file: each part (file or field) is read at most `maxPartBytes` into memory
 * and the reading stops there, so an upload's size is bounded while it streams, not after. Past it,
 * `tooLarge()` throws the route's own (translated) refusal; without it, a 413.
 */
export type UploadLimit = { maxPartBytes: number; tooLarge?: () => never }

/**
 * The request's form fields. Throws a 415 for a body that is not a form, a 400 for a form that
 * cannot be read. A request with no body at all is an empty form (the schema says what is missing).
 */
export async function readFormData(request: Request, upload?: UploadLimit): Promise<FormData> {
  const contentType = request.headers.get('Content-Type')
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim())
  const type = mediaType.toLowerCase()
  const charset = parameters
    .find((p) => p.toLowerCase().startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '')
    .toLowerCase()
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') refuseBody(415, 'charset')
  let formData: FormData
  if (type === URLENCODED || !contentType) {
    const bytes = new Uint8Array(await readBytes(request))
    if (!contentType && bytes.length > 0) refuseBody(415, 'content-type')
    formData = parseUrlEncoded(bytes)
  } else if (type === MULTIPART) {
    try {
      formData = upload
        ? await unstable_parseMultipartFormData(
            request,
            unstable_createMemoryUploadHandler({ maxPartSize: upload.maxPartBytes }),
          )
        : await request.formData()
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return upload?.tooLarge?.() ?? refuseBody(413, 'part-size')
      refuseBody(400, 'multipart')
    }
  } else {
    refuseBody(415, 'content-type')
  }
  let count = 0
  for (const [name, value] of formData.entries()) {
    if (++count > MAX_FORM_FIELDS) refuseBody(400, 'fields')
    if (name.length > MAX_FIELD_NAME || !FIELD_NAME.test(name)) refuseBody(400, 'field-name')
    // The multipart parser reads bytes that are not UTF-8 as U+FFFD: the browser did not send this.
    if (typeof value === 'string' && value.includes('\uFFFD')) refuseBody(400, 'encoding')
  }
  return formData
}

async function readBytes(request: Request): Promise<ArrayBuffer> {
  try {
    return await request.arrayBuffer()
  } catch {
    return refuseBody(400, 'body')
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** application/x-www-form-urlencoded, strictly: UTF-8 bytes and %-escapes that decode to UTF-8. */
function parseUrlEncoded(bytes: Uint8Array): FormData {
  let text: string
  try {
    text = STRICT_UTF8.decode(bytes)
  } catch {
    refuseBody(400, 'encoding')
  }
  const formData = new FormData()
  if (!text) return formData
  for (const pair of text.split('&')) {
    if (!pair) continue
    const equals = pair.indexOf('=')
    const [name, value] = equals === -1 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)]
    try {
      formData.append(decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' ')))
    } catch {
      // decodeURIComponent refuses %-escapes that are not UTF-8 (%FF) or are cut short (%E0%A4).
      refuseBody(400, 'encoding')
    }
  }
  return formData
}

/**
 * The request read into a Conform submission of `schema`, or of the schema `schema(formData)`
 * picks when the form names what it is about (the quiz of a quiz form). Public forms pass
 * `honeypot: true` (a bot-filled form is a 400).
 */
export async function parseSubmission<Schema extends z.ZodTypeAny>(
  request: Request,
  schema: Schema | ((formData: FormData) => Schema),
  options: { honeypot?: boolean; upload?: UploadLimit } = {},
): Promise<Submission<z.input<Schema>, string[], z.output<Schema>>> {
  const formData = await readFormData(request, options.upload)
  if (options.honeypot) checkHoneypot(formData)
  try {
    return parseForm(formData, typeof schema === 'function' ? schema(formData) : schema)
  } catch {
    // Conform's own fields (__intent__, __state__) that are not what its client sends.
    return refuseBody(400, 'conform-state')
  }
}

type ReplyOptions = { hideFields?: string[]; formErrors?: string[]; fieldErrors?: Record<string, string[]> }

/**
 * The submission's reply. Errors of fields the person cannot see (the intent, hidden ids; their
 * message is FORM_ERROR) are errors of the form: they are moved to the form's own list.
 */
function reply(submission: Submission<unknown, string[], unknown>, options: ReplyOptions): SubmissionResult<string[]> {
  const result = submission.reply(options)
  if (!result.error) return result
  const error: Record<string, string[] | null> = {}
  const formErrors = new Set(result.error[''] ?? [])
  for (const [name, messages] of Object.entries(result.error)) {
    if (name === '') continue
    if (messages?.includes(FORM_ERROR)) formErrors.add(FORM_ERROR)
    const rest = messages?.filter((m) => m !== FORM_ERROR) ?? null
    if (rest?.length) error[name] = rest
  }
  if (formErrors.size) error[''] = [...formErrors]
  return { ...result, error }
}

/** Input the schema refused: a 400 with every message, for the form to show beside its fields. */
export function invalid(submission: Submission<unknown, string[], unknown>, options: { hideFields?: string[] } = {}) {
  return data<ActionReply>({ result: reply(submission, options) }, { status: 400 })
}

/**
 * A well-formed request the domain refused (already issued, not enrolled, wrong password): the
 * message key and status come from the module's error table (`[key, status]`); the message is the
 * form's own, or the named field's; `fieldErrors` add the problems found at fields. A refusal with a list of problems to show (the rows of a
 * cohort file) passes them as `details`, beside the reply.
 */
export function refuse<Details = undefined>(
  submission: Submission<unknown, string[], unknown>,
  [message, status]: readonly [string, number],
  options: { field?: string; hideFields?: string[]; details?: Details; fieldErrors?: Record<string, string[]> } = {},
) {
  const errors = options.field
    ? { fieldErrors: { ...options.fieldErrors, [options.field]: [message] } }
    : { formErrors: [message], fieldErrors: options.fieldErrors }
  const result = reply(submission, { hideFields: options.hideFields, ...errors })
  return data<ActionReply & { details?: Details }>(
    options.details === undefined ? { result } : { result, details: options.details },
    { status },
  )
}

/** Success on the same page (no redirect): the form is cleared. */
export function done(submission: Submission<unknown, string[], unknown>): ActionReply {
  return { result: { ...submission.reply({ resetForm: true }), status: 'success' } }
}
