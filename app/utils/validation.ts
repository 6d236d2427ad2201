// Field schemas shared by server and client. Messages are i18n keys ("validation:…") that
// the ErrorList component translates, so the schemas stay static.
import { z } from 'zod'
import { COUNTRY_CODES } from './countries.ts'

export const ORGANISATION_TYPES = [
  'national_statistical_office',
  'police',
  'prosecution',
  'judiciary',
  'corrections',
  'ministry',
  'international_organisation',
  'academia',
  'civil_society',
  'media',
  'other',
] as const

export const ROLES = ['learner', 'trainer', 'admin'] as const

export const MAX_NAME_LENGTH = 100
export const MAX_ORGANISATION_LENGTH = 200
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase()
}

// Letters of any script, spaces, apostrophes (O'Brien), hyphens, dots; no markup, no control
// characters. "José Ñúñez García" passes; "<b>x</b>" does not.
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’.\-]*$/u
const FREE_TEXT_FORBIDDEN = /[<>\p{Cc}]/u

export const EmailSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
  .max(254, 'validation:tooLong')
  .transform(normaliseEmail)
  // Conform reads an empty string (here: only spaces, trimmed) as missing: name the message.
  .pipe(z.string({ required_error: 'validation:required' }).email('validation:email'))

export const PasswordSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
  .min(MIN_PASSWORD_LENGTH, 'validation:passwordTooShort')
  .max(MAX_PASSWORD_LENGTH, 'validation:tooLong')

export const PersonNameSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
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

export const CertificateNameSchema = PersonNameSchema.pipe(z.string().regex(CERTIFICATE_NAME_PATTERN, 'validation:certificateNameScript'))

export const OrganisationSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
  .transform((value) => value.trim().replace(/\s+/g, ' ').normalize('NFC'))
  .pipe(
    z
      .string({ required_error: 'validation:required' })
      .min(1, 'validation:required')
      .max(MAX_ORGANISATION_LENGTH, 'validation:tooLong')
      .refine((value) => !FREE_TEXT_FORBIDDEN.test(value), 'validation:textCharacters'),
  )

export const CountrySchema = z.enum(COUNTRY_CODES, {
  errorMap: () => ({ message: 'validation:country' }),
})

export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES, {
  errorMap: () => ({ message: 'validation:organisationType' }),
})

export const LocaleSchema = z.enum(['en', 'es'], {
  errorMap: () => ({ message: 'validation:locale' }),
})

export const RoleSchema = z.enum(ROLES, { errorMap: () => ({ message: 'validation:role' }) })

/** Tokens from e-mailed links: base64url, fixed length. */
export const TokenSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:token' })
  .regex(/^[A-Za-z0-9_-]{20,100}$/, 'validation:token')

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
