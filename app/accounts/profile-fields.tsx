// An account's fields, drawn the same way on every page that asks for them: the profile
// (ProfileFields in app/utils/validation.ts: sign-up and account pages), the e-mail address (sign-up,
// log-in, forgot password) and the passwords (log-in, sign-up, reset, change, delete). Each page keeps
// its own form, order and extra fields.
import { type FieldMetadata, getInputProps, getSelectProps } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { Field, SelectField } from '#app/components/forms.tsx'
import { LANG_NAMES, LANGS } from '#app/utils/i18n.ts'
import { ORGANISATION_TYPES } from '#app/utils/validation.ts'

type Meta = FieldMetadata<string | undefined, Record<string, unknown>, string[]>

/** The name to be called by and the name printed on certificates. */
export function NameFields({ fields }: { fields: { displayName: Meta; certificateName: Meta } }) {
  const { t } = useTranslation('auth')
  return (
    <>
      <Field
        label={t('fields.displayName')}
        errors={fields.displayName.errors}
        inputProps={{ ...getInputProps(fields.displayName, { type: 'text' }), autoComplete: 'nickname' }}
      />
      <Field
        label={t('fields.certificateName')}
        description={t('fields.certificateNameHelp')}
        errors={fields.certificateName.errors}
        inputProps={{ ...getInputProps(fields.certificateName, { type: 'text' }), autoComplete: 'name' }}
      />
    </>
  )
}

/** Country, organisation and its type; `choose` is the empty first option where nothing is chosen yet. */
export function OrganisationFields({
  fields,
  countries,
  choose,
}: {
  fields: { country: Meta; organisation: Meta; organisationType: Meta }
  countries: Array<{ code: string; name: string }>
  choose?: boolean
}) {
  const { t } = useTranslation(['auth', 'common'])
  const placeholder = choose ? t('fields.choose') : undefined
  return (
    <>
      <SelectField
        label={t('fields.country')}
        placeholder={placeholder}
        errors={fields.country.errors}
        options={countries.map((c) => ({ value: c.code, label: c.name }))}
        selectProps={{ ...getSelectProps(fields.country), autoComplete: 'country' }}
      />
      <Field
        label={t('fields.organisation')}
        errors={fields.organisation.errors}
        inputProps={{ ...getInputProps(fields.organisation, { type: 'text' }), autoComplete: 'organization' }}
      />
      <SelectField
        label={t('fields.organisationType')}
        placeholder={placeholder}
        errors={fields.organisationType.errors}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`common:organisationTypes.${type}`) }))}
        selectProps={getSelectProps(fields.organisationType)}
      />
    </>
  )
}

/** The language of the person's mail and certificates. */
export function LanguageField({ field }: { field: Meta }) {
  const { t } = useTranslation('auth')
  return (
    <SelectField
      label={t('fields.preferredLocale')}
      errors={field.errors}
      options={LANGS.map((code) => ({ value: code, label: LANG_NAMES[code] }))}
      selectProps={getSelectProps(field)}
    />
  )
}

/** The e-mail address an account is known by. */
export function EmailField({ field }: { field: Meta }) {
  const { t } = useTranslation('auth')
  return (
    <Field
      label={t('fields.email')}
      errors={field.errors}
      inputProps={{ ...getInputProps(field, { type: 'email' }), autoComplete: 'email' }}
    />
  )
}

/** The password the person has now (log-in, and to confirm a change of their account). */
export function CurrentPasswordField({ field, label }: { field: Meta; label?: string }) {
  const { t } = useTranslation('auth')
  return (
    <Field
      label={label ?? t('fields.password')}
      errors={field.errors}
      inputProps={{ ...getInputProps(field, { type: 'password' }), autoComplete: 'current-password' }}
    />
  )
}

/** A new password and its confirmation; `isNew` labels it "New password" (a password already exists). */
export function NewPasswordFields({
  fields,
  isNew,
}: {
  fields: { password: Meta; confirmPassword: Meta }
  isNew?: boolean
}) {
  const { t } = useTranslation('auth')
  return (
    <>
      <Field
        label={isNew ? t('fields.newPassword') : t('fields.password')}
        description={t('fields.passwordHelp')}
        errors={fields.password.errors}
        inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
      />
      <Field
        label={t('fields.confirmPassword')}
        errors={fields.confirmPassword.errors}
        inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
      />
    </>
  )
}
