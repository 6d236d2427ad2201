// The account e-mails, in the recipient's language. Each is queued on its own (it follows no
// other write) and sent by the job runner at once; a failed delivery is retried (ADR 012).
import { linkEmail, queueEmailAlone } from '#app/mail/email.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

function link(lang: Lang, page: string, token?: string) {
  return appUrl(token ? `/${lang}/${page}?${new URLSearchParams({ token })}` : `/${lang}/${page}`)
}

/** One account mail: its texts are `mail.<mail>.*` (auth namespace); `name` null greets no one by name. */
async function queueAccountEmail(
  to: string,
  lang: Lang,
  mail: 'verify' | 'exists' | 'reset',
  name: string | null,
  url: string,
) {
  const t = getT(lang, 'auth')
  await queueEmailAlone({
    to,
    subject: t(`mail.${mail}.subject`),
    ...linkEmail({
      lang,
      greeting: name === null ? t('mail.greetingAnonymous') : t('mail.greeting', { name }),
      body: t(`mail.${mail}.body`),
      action: t(`mail.${mail}.action`),
      url,
      footer: t('mail.footer'),
    }),
  })
}

export async function sendVerificationEmail(to: string, name: string, lang: Lang, token: string) {
  await queueAccountEmail(to, lang, 'verify', name, link(lang, 'verify-email', token))
}

/** Sign-up with an address that already has an account: tell its owner, reveal nothing to the form. */
export async function sendAlreadyRegisteredEmail(to: string, lang: Lang) {
  await queueAccountEmail(to, lang, 'exists', null, link(lang, 'forgot-password'))
}

export async function sendResetEmail(to: string, name: string, lang: Lang, token: string) {
  await queueAccountEmail(to, lang, 'reset', name, link(lang, 'reset-password', token))
}
