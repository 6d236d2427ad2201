// The account forms' schemas, shared by the browser (Conform's onValidate) and the actions.
import { z } from 'zod'
import {
  CertificateNameSchema,
  CountrySchema,
  EmailSchema,
  LocaleSchema,
  MAX_PASSWORD_LENGTH,
  OrganisationSchema,
  OrganisationTypeSchema,
  PasswordSchema,
  PersonNameSchema,
  TokenSchema,
} from './validation.ts'

// A password as typed into a form (not checked for strength): one string of at most 200 characters.
const TypedPasswordSchema = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
  .max(MAX_PASSWORD_LENGTH, 'validation:tooLong')

export const ProfileFields = {
  displayName: PersonNameSchema,
  certificateName: CertificateNameSchema,
  country: CountrySchema,
  organisation: OrganisationSchema,
  organisationType: OrganisationTypeSchema,
  preferredLocale: LocaleSchema,
}

export const SignupSchema = z
  .object({
    ...ProfileFields,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: TypedPasswordSchema,
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation:passwordsDiffer',
  })

export const LoginSchema = z.object({
  email: EmailSchema,
  password: TypedPasswordSchema,
  // A bad return address (too long, repeated) must not stop a log-in: it is dropped, and
  // safeRedirect sends the person to the dashboard instead.
  redirectTo: z.string().max(2000).optional().catch(undefined),
})

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const ResetPasswordSchema = z
  .object({
    token: TokenSchema,
    password: PasswordSchema,
    confirmPassword: TypedPasswordSchema,
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation:passwordsDiffer',
  })

export const ProfileSchema = z.object({
  intent: z.literal('profile', { errorMap: () => ({ message: 'common:errors.400.body' }) }),
  ...ProfileFields,
})

export const ChangePasswordSchema = z
  .object({
    currentPassword: TypedPasswordSchema,
    password: PasswordSchema,
    confirmPassword: TypedPasswordSchema,
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation:passwordsDiffer',
  })

export const DeleteAccountSchema = z.object({
  password: TypedPasswordSchema,
  confirm: z.literal('on', { errorMap: () => ({ message: 'validation:confirmDelete' }) }),
})
