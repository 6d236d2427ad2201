// Revoke (with a reason) and re-issue one valid certificate: the same two forms on the
// certificates page and on a person's page, which name their intents differently.
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from './forms.tsx'

export function CertificateActions({ id, serial, intents }: { id: string; serial: string; intents: { revoke: string; reissue: string } }) {
  const { t } = useTranslation('certificates')
  return (
    <div className="space-y-2">
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value={intents.revoke} />
        <input type="hidden" name="certificateId" value={id} />
        <label className="flex flex-col">
          <span className="sr-only">{t('admin.revokeReason')} {serial}</span>
          <input name="reason" required maxLength={500} placeholder={t('admin.revokeReason')} className="rounded border border-slate-400 px-2 py-1" />
        </label>
        <SubmitButton variant="secondary" className="!px-2 !py-1 text-sm">{t('admin.revoke')}</SubmitButton>
      </Form>
      <Form method="post" title={t('admin.reissueHelp')}>
        <input type="hidden" name="intent" value={intents.reissue} />
        <input type="hidden" name="certificateId" value={id} />
        <SubmitButton variant="secondary" className="!px-2 !py-1 text-sm">{t('admin.reissue')}</SubmitButton>
      </Form>
    </div>
  )
}
