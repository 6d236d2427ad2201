// remix-utils' HoneypotInputs hides itself with an inline style, which our Content-Security-
// Policy blocks in server-rendered HTML; this one hides with a class instead.
import { useTranslation } from 'react-i18next'

export type HoneypotProps = { nameFieldName: string; validFromFieldName: string | null; encryptedValidFrom: string }

export function HoneypotInputs({ honeypot }: { honeypot: HoneypotProps }) {
  const { t } = useTranslation()
  return (
    <div className="hidden" aria-hidden="true">
      <label htmlFor={honeypot.nameFieldName}>{t('honeypot')}</label>
      <input
        id={honeypot.nameFieldName}
        name={honeypot.nameFieldName}
        type="text"
        defaultValue=""
        autoComplete="off"
        tabIndex={-1}
      />
      {honeypot.validFromFieldName ? (
        <input type="hidden" name={honeypot.validFromFieldName} value={honeypot.encryptedValidFrom} />
      ) : null}
    </div>
  )
}
