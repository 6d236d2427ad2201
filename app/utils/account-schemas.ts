// The account forms' schemas, shared by the browser (Conform's onValidate) and the actions.
import { z } from 'zod'
import {
  CountrySchema,
  EmailSchema,
  LocaleSchema,
  OrganisationSchema,
  OrganisationTypeSchema,
  PasswordSchema,
  PersonNameSchema,
  TokenSchema,
} from './validation.ts'

export const ProfileFields = {
  displayName: PersonNameSchema,
  certificateName: PersonNameSchema,
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
    confirmPassword: z.string({ required_error: 'validation:required' }).max(200, 'validation:tooLong'),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation:passwordsDiffer',
  })

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ required_error: 'validation:required' }).max(200, 'validation:tooLong'),
  redirectTo: z.string().max(2000).optional(),
})

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const ResetPasswordSchema = z
  .object({
    token: TokenSchema,
    password: PasswordSchema,
    confirmPassword: z.string({ required_error: 'validation:required' }).max(200, 'validation:tooLong'),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation:passwordsDiffer',
  })

export const ProfileSchema = z.object({ intent: z.literal('profile'), ...ProfileFields })

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: 'validation:required' }).max(200, 'validation:tooLong'),
    password: PasswordSchema,
    confirmPassword: z.string({ required_error: 'validation:required' }).max(200, 'validation:tooLong'),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation:passwordsDiffer',
  })

export const DeleteAccountSchema = z.object({
  password: z.string({ required_error: 'validation:required' }).max(200, 'validation:tooLong'),
  confirm: z.literal('on', { errorMap: () => ({ message: 'validation:confirmDelete' }) }),
})
