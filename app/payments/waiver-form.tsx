// The fee waiver form (enrol someone in a paid course free of charge, saying why and who pays
// instead): one schema and one intent on the payments page and on a person's page. The payments
// page is about no one in particular, so there the form also asks for the learner's address.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { CourseSelectField } from '#app/components/course-select-field.tsx'
import { Field, replyFor, SubmitButton, type Reply } from '#app/components/forms.tsx'
import { EmailSchema, intent, NoteSchema, parseForm, SlugSchema } from '#app/utils/validation.ts'

export const WaiveFeeSchema = z.object({
  intent: intent('waive-fee'),
  courseId: SlugSchema,
  reason: NoteSchema,
  sponsor: NoteSchema,
})
export const WaiveFeeByEmailSchema = WaiveFeeSchema.extend({ email: EmailSchema })

export function WaiverForm({
  courses,
  reply,
  askEmail,
}: {
  courses: Array<{ id: string; title: string }>
  reply: Reply
  askEmail: boolean
}) {
  const { t } = useTranslation('payments')
  const schema = askEmail ? WaiveFeeByEmailSchema : WaiveFeeSchema
  const [form, fields] = useForm<z.input<typeof WaiveFeeByEmailSchema>>({
    id: 'waive-fee',
    constraint: getZodConstraint(schema),
    lastResult: replyFor(reply, 'waive-fee'),
    // Without the e-mail field the same fields are checked; the form's type names them all.
    onValidate: ({ formData }) => parseForm(formData, schema as typeof WaiveFeeByEmailSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-2">
      <input type="hidden" name="intent" value="waive-fee" />
      {askEmail ? (
        <Field
          label={t('admin.learnerEmail')}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
        />
      ) : null}
      <CourseSelectField
        field={fields.courseId}
        courses={courses}
        label={t('admin.course')}
        placeholder={t('admin.chooseCourse')}
      />
      <Field
        label={t('admin.reason')}
        errors={fields.reason.errors}
        inputProps={getInputProps(fields.reason, { type: 'text' })}
      />
      <Field
        label={t('admin.sponsor')}
        description={t('admin.sponsorHelp')}
        errors={fields.sponsor.errors}
        inputProps={getInputProps(fields.sponsor, { type: 'text' })}
      />
      <SubmitButton>{t('admin.grant')}</SubmitButton>
    </Form>
  )
}
