// The account e-mails, in the recipient's language. Each is queued on its own (it follows no
// other write) and sent by the job runner at once; a failed delivery is retried (ADR 012).
import { linkEmail, queueEmailAlone } from '#app/mail/email.server.ts'
import { appUrl, env } from '#app/utils/env.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

function link(lang: Lang, page: string, token?: string) {
  return appUrl(token ? `/${lang}/${page}?${new URLSearchParams({ token })}` : `/${lang}/${page}`)
}

export async function sendVerificationEmail(to: string, name: string, lang: Lang, token: string) {
  const t = getT(lang, 'auth')
  await queueEmailAlone({
    to,
    subject: t('mail.verify.subject'),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name }),
      body: t('mail.verify.body'),
      action: t('mail.verify.action'),
      url: link(lang, 'verify-email', token),
      footer: t('mail.footer'),
    }),
  })
}

/** Sign-up with an address that already has an account: tell its owner, reveal nothing to the form. */
export async function sendAlreadyRegisteredEmail(to: string, lang: Lang) {
  const t = getT(lang, 'auth')
  await queueEmailAlone({
    to,
    subject: t('mail.exists.subject'),
    ...linkEmail({
      lang,
      greeting: t('mail.greetingAnonymous'),
      body: t('mail.exists.body'),
      action: t('mail.exists.action'),
      url: link(lang, 'forgot-password'),
      footer: t('mail.footer'),
    }),
  })
}

export async function sendResetEmail(to: string, name: string, lang: Lang, token: string) {
  const t = getT(lang, 'auth')
  await queueEmailAlone({
    to,
    subject: t('mail.reset.subject'),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name }),
      body: t('mail.reset.body'),
      action: t('mail.reset.action'),
      url: link(lang, 'reset-password', token),
      footer: t('mail.footer'),
    }),
  })
}
