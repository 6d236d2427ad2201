// Issue, revoke (with a reason) and re-issue a certificate: the same forms, with the same schemas
// and intent names, on the certificates page and on a person's page.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorList, replyFor, SubmitButton, type Reply } from '#app/components/forms.tsx'
import { EmailSchema, IdSchema, intent, parseForm, ReasonSchema, SlugSchema } from '#app/utils/validation.ts'

export const IssueCertificateSchema = z.object({ intent: intent('issue-certificate'), courseId: SlugSchema })
/** On the certificates page, which is about no one in particular, the form also names the learner. */
export const IssueCertificateByEmailSchema = IssueCertificateSchema.extend({ email: EmailSchema })
export const RevokeCertificateSchema = z.object({
  intent: intent('revoke-certificate'),
  certificateId: IdSchema,
  reason: ReasonSchema,
})
export const ReissueCertificateSchema = z.object({ intent: intent('reissue-certificate'), certificateId: IdSchema })

export function CertificateActions({ id, serial, reply }: { id: string; serial: string; reply: Reply }) {
  const { t } = useTranslation('certificates')
  const [form, fields] = useForm({
    id: `revoke-${id}`,
    constraint: getZodConstraint(RevokeCertificateSchema),
    lastResult: replyFor(reply, 'revoke-certificate', { certificateId: id }),
    onValidate: ({ formData }) => parseForm(formData, RevokeCertificateSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="space-y-2">
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="revoke-certificate" />
        <input type="hidden" name="certificateId" value={id} />
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col">
            <span className="sr-only">
              {t('admin.revokeReason')} {serial}
            </span>
            <input
              {...getInputProps(fields.reason, { type: 'text' })}
              placeholder={t('admin.revokeReason')}
              className="rounded border border-slate-400 px-2 py-1"
            />
          </label>
          <SubmitButton variant="secondary" className="!px-2 !py-1 text-sm">
            {t('admin.revoke')}
          </SubmitButton>
        </div>
        {fields.reason.errors ? <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} /> : null}
      </Form>
      <Form method="post" title={t('admin.reissueHelp')}>
        <input type="hidden" name="intent" value="reissue-certificate" />
        <input type="hidden" name="certificateId" value={id} />
        <SubmitButton variant="secondary" className="!px-2 !py-1 text-sm">
          {t('admin.reissue')}
        </SubmitButton>
      </Form>
    </div>
  )
}
