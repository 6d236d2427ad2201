// The shared field schemas every form and query schema is built from (ADR 013), used by the
// browser (Conform's onValidate) and the server alike, and the account forms built from them.
// Messages are i18n keys ("validation:…") that ErrorList and FormError translate, so the schemas
// stay static. Enumerations come from the generated Prisma enums and the language list.
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from '@conform-to/zod'
import { z } from 'zod'
import { COUNTRY_CODES } from '#app/accounts/countries.ts'
import { EnrolmentStatus, OrganisationType, Role } from '#app/generated/prisma/enums.ts'
import { LANGS } from './i18n.ts'
import {
  MAX_NAME_LENGTH,
  MAX_ORGANISATION_LENGTH,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_REASON_LENGTH,
  MAX_SEARCH_LENGTH,
  MAX_LESSON_NOTE_LENGTH,
  MAX_PAGE,
} from './limits.ts'

export const ORGANISATION_TYPES = Object.values(OrganisationType)
export const ROLES = Object.values(Role)
export const ENROLMENT_STATUSES = Object.values(EnrolmentStatus)

/**
 * The message of a field the person cannot see or change (the form's intent, a hidden id):
 * something is wrong with the form itself (an old page, a forged post). The server reports it on
 * the form, not on the field (app/utils/form.server.ts).
 */
export const FORM_ERROR = 'validation:form'

const TRANSLATION_KEY = /^[a-z]+:[\w.-]+$/

/**
 * Messages for the issues a schema does not name: a field left out ("required"), a field sent
 * twice or with the wrong type, a value too long. A message a schema gives (an i18n key) is kept.
 */
export const formErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (TRANSLATION_KEY.test(ctx.defaultError)) return { message: ctx.defaultError }
  switch (issue.code) {
    case 'invalid_type':
      return { message: issue.received === 'undefined' ? 'validation:required' : 'validation:invalid' }
    case 'too_big':
      return { message: 'validation:tooLong' }
    case 'too_small':
      return { message: issue.type === 'string' && issue.minimum === 1 ? 'validation:required' : 'validation:invalid' }
    case 'invalid_union_discriminator':
    case 'unrecognized_keys':
      return { message: FORM_ERROR }
    default:
      return { message: 'validation:invalid' }
  }
}

/**
 * Each schema with Conform's form-value coercion (empty text → missing, text → number or boolean),
 * made once: `parseWithZod` would make it again on every parse (its coercion keeps no cache
 * between calls), about a tenth of a quiz submission's CPU (ADR 027 §18).
 */
const coerced = new WeakMap<z.ZodTypeAny, z.ZodTypeAny>()

/** A form's fields parsed with its schema (Conform): in the browser's onValidate and on the server. */
export function parseForm<Schema extends z.ZodTypeAny>(formData: FormData | URLSearchParams, schema: Schema) {
  let withCoercion = coerced.get(schema) as Schema | undefined
  if (!withCoercion) coerced.set(schema, (withCoercion = coerceFormValue(schema) as Schema))
  return parseWithZod(formData, { schema: withCoercion, errorMap: formErrorMap, disableAutoCoercion: true })
}

const required = (invalid = 'validation:invalid') => ({
  required_error: 'validation:required',
  invalid_type_error: invalid,
})

// ---------------------------------------------------------------------------------------------
// Hidden fields: the form's intent and the ids the page wrote into it

/** One `intent` of a route with several forms (STYLE.md): the same name for the same action everywhere. */
export function intent<Name extends string>(name: Name) {
  return z.literal(name, { errorMap: () => ({ message: FORM_ERROR }) })
}

/** The forms of one route told apart by their `intent`; an unknown or repeated intent is a form error. */
export function intents<
  Options extends [z.ZodDiscriminatedUnionOption<'intent'>, ...z.ZodDiscriminatedUnionOption<'intent'>[]],
>(options: Options) {
  return z.discriminatedUnion('intent', options, { errorMap: () => ({ message: FORM_ERROR }) })
}

/** Row ids (cuids, seed ids, uuid hex): in hidden inputs and URL parameters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,50}$/
export const IdSchema = z
  .string({ required_error: FORM_ERROR, invalid_type_error: FORM_ERROR })
  .regex(ID_PATTERN, FORM_ERROR)

/** A one-off form id the page wrote (a quiz submission). */
export const UuidSchema = z.string({ required_error: FORM_ERROR, invalid_type_error: FORM_ERROR }).uuid(FORM_ERROR)

/** Tokens from e-mailed links: base64url, fixed length. */
export const TokenSchema = z.string(required('validation:token')).regex(/^[A-Za-z0-9_-]{20,100}$/, 'validation:token')

// ---------------------------------------------------------------------------------------------
// Choices from a list

/** Course, module and lesson ids (docs/course-format.md); in the URL and in a form's list. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const SlugSchema = z
  .string(required('validation:choice'))
  .max(80, 'validation:choice')
  .regex(SLUG_PATTERN, 'validation:choice')

export const CountrySchema = z.enum(COUNTRY_CODES, { errorMap: () => ({ message: 'validation:country' }) })
export const OrganisationTypeSchema = z.nativeEnum(OrganisationType, {
  errorMap: () => ({ message: 'validation:organisationType' }),
})
export const LocaleSchema = z.enum(LANGS, { errorMap: () => ({ message: 'validation:locale' }) })
export const RoleSchema = z.nativeEnum(Role, { errorMap: () => ({ message: 'validation:role' }) })
export const EnrolmentStatusSchema = z.nativeEnum(EnrolmentStatus, {
  errorMap: () => ({ message: 'validation:choice' }),
})

// ---------------------------------------------------------------------------------------------
// Text people type

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase()
}

export const EmailSchema = z
  .string(required())
  .max(MAX_EMAIL_LENGTH, 'validation:tooLong')
  .transform(normaliseEmail)
  // Conform reads an empty string (here: only spaces, trimmed) as missing: name the message.
  .pipe(z.string({ required_error: 'validation:required' }).email('validation:email'))

export const PasswordSchema = z
  .string(required())
  .min(MIN_PASSWORD_LENGTH, 'validation:passwordTooShort')
  .max(MAX_PASSWORD_LENGTH, 'validation:tooLong')

/** A password as typed into a form (not checked for strength): one string of at most 200 characters. */
export const TypedPasswordSchema = z.string(required()).max(MAX_PASSWORD_LENGTH, 'validation:tooLong')

// Free text: markup brackets and control characters are refused (PostgreSQL refuses NUL; the rest
// has no business in a name or a note). Several lines keep their line breaks and tabs.
const FORBIDDEN = /[<>\p{Cc}]/u
const FORBIDDEN_MULTILINE = /[<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u

/**
 * Free text of at most `max` characters: trimmed, inner runs of spaces made one (a single line)
 * and composed (NFC), so the same words are stored one way. Required unless `optional`, where
 * an empty field is ''.
 */
export function textSchema(max: number, options: { multiline?: boolean; optional?: boolean } = {}) {
  const tidy = (value: string) =>
    (options.multiline ? value.trim().replace(/\r\n?/g, '\n') : value.trim().replace(/\s+/g, ' ')).normalize('NFC')
  const forbidden = options.multiline ? FORBIDDEN_MULTILINE : FORBIDDEN
  const checked = z
    .string()
    .min(1, 'validation:required')
    .max(max, 'validation:tooLong')
    .refine((value) => !forbidden.test(value), 'validation:textCharacters')
  // Longer than any tidying could shorten it to the limit: refused before the work.
  const typed = z.string(required()).max(max * 2, 'validation:tooLong')
  if (options.optional) {
    // Conform hands an empty field over as undefined; refinements, not a pipe, so that the empty
    // string it becomes is not read as missing again.
    return typed
      .optional()
      .transform((value) => tidy(value ?? ''))
      .refine((value) => value.length <= max, 'validation:tooLong')
      .refine((value) => !forbidden.test(value), 'validation:textCharacters')
  }
  return typed.transform(tidy).pipe(checked)
}

/** A note an administrator types: a waiver's reason or sponsor. */
export const NoteSchema = textSchema(MAX_NOTE_LENGTH)
/** A learner's private note on a lesson, several lines; empty removes it. */
export const LessonNoteSchema = textSchema(MAX_LESSON_NOTE_LENGTH, { multiline: true, optional: true })

/** Why an administrator revoked a certificate or rejected a request. */
export const ReasonSchema = textSchema(MAX_REASON_LENGTH)

// Letters of any script, spaces, apostrophes (O'Brien), hyphens, dots; no markup, no control
// characters. "José Ñúñez García" passes; "<b>x</b>" does not.
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’.\-]*$/u

export const PersonNameSchema = z
  .string(required())
  .transform((value) => value.trim().replace(/\s+/g, ' ').normalize('NFC'))
  .pipe(
    z
      .string({ required_error: 'validation:required' })
      .min(1, 'validation:required')
      .max(MAX_NAME_LENGTH, 'validation:tooLong')
      .regex(NAME_PATTERN, 'validation:nameCharacters'),
  )

// The certificate font (DejaVu Serif, app/certificates/pdf.server.ts) prints Latin, Greek and
// Cyrillic letters; a name in another script would print as empty boxes on a certificate that can
// never change. Asked for at sign-up, in the profile and in cohort files.
const CERTIFICATE_NAME_PATTERN = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}\p{Zs}'’.\-]*$/u

export const CertificateNameSchema = PersonNameSchema.pipe(
  z.string().regex(CERTIFICATE_NAME_PATTERN, 'validation:certificateNameScript'),
)

export const OrganisationSchema = textSchema(MAX_ORGANISATION_LENGTH)

// ---------------------------------------------------------------------------------------------
// Queries of GET forms (search, filters, pages, dates): a loader reads them with parseQuery

/** Words to search for: trimmed, no control characters (PostgreSQL refuses NUL in text). */
export const SearchSchema = z
  .string()
  .trim()
  .max(MAX_SEARCH_LENGTH)
  .regex(/^[^\p{Cc}]*$/u)
  .default('')

/** A page number of a paged list, 1 when absent. */
export function pageSchema(max = MAX_PAGE) {
  return z
    .string()
    .regex(/^\d{1,6}$/)
    .default('1')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
}

/**
 * The years a date in a query may name (ADR 022): nothing in Aula happened before 2000, and a day
 * after 2100 plus the one day a "to" filter adds would still be a date PostgreSQL and JavaScript
 * agree on. Out of range is a 400, like any other bad value.
 */
export const MIN_QUERY_YEAR = 2000
export const MAX_QUERY_YEAR = 2100

const inQueryYears = (year: number) => year >= MIN_QUERY_YEAR && year <= MAX_QUERY_YEAR

/** A day (YYYY-MM-DD) that exists (no 31 February), between 2000 and 2100. */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => inQueryYears(Number(d.slice(0, 4))) && dayExists(d))

function dayExists(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`)
  // Date.parse rolls 2026-02-31 over to 3 March: the day must come back as it was written.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day
}

/** A month (YYYY-MM) between 2000 and 2100. */
export const MonthSchema = z
  .string()
  .regex(/^(\d{4})-(0[1-9]|1[0-2])$/)
  .refine((m) => inQueryYears(Number(m.slice(0, 4))))

/** A filter that may be left at "any" (''), else one value of `schema`. */
export function anyOr<Schema extends z.ZodTypeAny>(schema: Schema) {
  return z
    .union([z.literal(''), schema])
    .optional()
    .transform((value) => value ?? '')
}

/**
 * The query string of a GET form parsed with its schema: each key the schema names, absent keys
 * left out (so defaults apply), a key given twice passed on as a list (which a field refuses).
 */
export function parseQuery<Schema extends z.AnyZodObject>(url: URL, schema: Schema) {
  const raw: Record<string, string | string[]> = {}
  for (const key of Object.keys(schema.shape)) {
    const values = url.searchParams.getAll(key)
    if (values.length) raw[key] = values.length === 1 ? values[0]! : values
  }
  return schema.safeParse(raw) as z.SafeParseReturnType<z.input<Schema>, z.output<Schema>>
}

// ---------------------------------------------------------------------------------------------
// The certificate look-up (public)

/** A certificate's serial as printed ("AULA-2026-000123"), typed in any case, spaces trimmed. */
export const SerialSchema = z
  .string(required())
  .max(40, 'validation:serial')
  .transform((value) => value.trim().toUpperCase())
  .pipe(z.string().regex(/^AULA-\d{4}-\d{6,9}$/, 'validation:serial'))

export const CertificateLookupSchema = z.object({ serial: SerialSchema, surname: PersonNameSchema })

// ---------------------------------------------------------------------------------------------
// The account forms

export const MAX_TAX_ID_LENGTH = 40
/** A tax identification number (NIT, RUC, RFC, CUIT…), optional ('' when left empty). */
// Conform reads an empty field as missing, so the field is optional and a missing one is ''.
export const TaxIdSchema = z
  .string()
  .trim()
  .max(MAX_TAX_ID_LENGTH, 'validation:taxId')
  .regex(/^[\p{L}\p{N} .\-/]*$/u, 'validation:taxId')
  .optional()
  .transform((value) => value ?? '')

export const ProfileFields = {
  displayName: PersonNameSchema,
  certificateName: CertificateNameSchema,
  country: CountrySchema,
  organisation: OrganisationSchema,
  organisationType: OrganisationTypeSchema,
  preferredLocale: LocaleSchema,
}

const PASSWORDS_AGREE = { path: ['confirmPassword'], message: 'validation:passwordsDiffer' }
const passwordsAgree = (value: { password: string; confirmPassword: string }) =>
  value.password === value.confirmPassword

/** The sign-up box that accepts the terms of use and the privacy notice (recorded with their versions). */
export const ConsentSchema = z.literal('on', { errorMap: () => ({ message: 'validation:consent' }) })

export const SignupSchema = z
  .object({
    ...ProfileFields,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: TypedPasswordSchema,
    consent: ConsentSchema,
  })
  .refine(passwordsAgree, PASSWORDS_AGREE)

export const LoginSchema = z.object({
  email: EmailSchema,
  password: TypedPasswordSchema,
  // A bad return address (too long, repeated) must not stop a log-in: it is dropped, and
  // safeRedirect sends the person to the dashboard instead.
  redirectTo: z.string().max(2000).optional().catch(undefined),
})

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const ResetPasswordSchema = z
  .object({ token: TokenSchema, password: PasswordSchema, confirmPassword: TypedPasswordSchema })
  .refine(passwordsAgree, PASSWORDS_AGREE)

export const VerifyEmailSchema = z.object({ token: TokenSchema })

export const ChangePasswordSchema = z
  .object({ currentPassword: TypedPasswordSchema, password: PasswordSchema, confirmPassword: TypedPasswordSchema })
  .refine(passwordsAgree, PASSWORDS_AGREE)

export const DeleteAccountSchema = z.object({
  password: TypedPasswordSchema,
  confirm: z.literal('on', { errorMap: () => ({ message: 'validation:confirmDelete' }) }),
})

/** Only same-site paths, never //evil.example or javascript: */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) {
    return fallback
  }
  // Browsers drop tabs and newlines from URLs ("/\t/evil.example" is "//evil.example"), and a
  // newline in a Location header throws: refuse any control character.
  if (/[\u0000-\u001F\u007F]/.test(to)) return fallback
  return to.length > 2000 ? fallback : to
}
