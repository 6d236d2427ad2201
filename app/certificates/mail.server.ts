// Certificate e-mails, always in the holder's preferred language (not the administrator's).
// Composed here, queued by the caller in the transaction that issues, re-issues or revokes.
import { type Email, linkEmail } from '#app/mail/email.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

export function certificateEmail(
  kind: 'issued' | 'reissued' | 'revoked' | 'rejected',
  input: { to: string; name: string; lang: Lang; courseTitle: string; serial: string; url: string; reason?: string },
): Email {
  const t = getT(input.lang, ['certificates', 'auth'])
  const values = { course: input.courseTitle, serial: input.serial, reason: input.reason ?? '' }
  return {
    to: input.to,
    subject: t(`certificates:mail.${kind}.subject`, values),
    ...linkEmail({
      lang: input.lang,
      greeting: t('auth:mail.greeting', { name: input.name }),
      body: t(`certificates:mail.${kind}.body`, values),
      action: t(`certificates:mail.${kind}.action`),
      url: input.url,
      // Not the sign-in mails' "if you did not ask for this": nobody asks for a certificate mail.
      footer: t('certificates:mail.footer'),
    }),
  }
}
