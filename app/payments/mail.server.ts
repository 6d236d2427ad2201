// The learner's payment mails (purchase, refund), in their language; queued by the transaction that
// records the event (checkout.server.ts, refunds.server.ts) and sent by the job runner (ADR 012).
import { getCourse } from '#app/content/catalog.server.ts'
import { type Email, linkEmail } from '#app/mail/email.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { type Learner } from './events.server.ts'

function courseTitle(courseId: string, lang: Lang): string {
  return getCourse(courseId)?.title[lang] ?? courseId
}

export function purchaseEmail(user: Learner, courseId: string, amount: number, currency: string): Email {
  const lang = user.preferredLocale
  const t = getT(lang, 'payments')
  const title = courseTitle(courseId, lang)
  return {
    to: user.email,
    subject: t('mail.purchase.subject', { course: title }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name: user.displayName }),
      body: t('mail.purchase.body', {
        course: title,
        amount: formatPrice(formattingLocale(lang, user.country), amount, currency),
      }),
      action: t('mail.purchase.action'),
      url: appUrl(`/${lang}/courses/${courseId}`),
      footer: t('mail.footer'),
    }),
  }
}

/** cancelled: refunded in full, enrolment cancelled; full: refunded in full, nothing cancelled; partial. */
export function refundEmail(
  user: Learner,
  courseId: string,
  input: { amount: number; refunded: number; currency: string; kind: 'cancelled' | 'full' | 'partial' },
): Email {
  const lang = user.preferredLocale
  const t = getT(lang, 'payments')
  const title = courseTitle(courseId, lang)
  const locale = formattingLocale(lang, user.country)
  return {
    to: user.email,
    subject: t('mail.refund.subject', { course: title }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name: user.displayName }),
      body: t(`mail.refund.${input.kind}`, {
        course: title,
        amount: formatPrice(locale, input.amount, input.currency),
        refunded: formatPrice(locale, input.refunded, input.currency),
      }),
      action: t('mail.refund.action'),
      url: appUrl(`/${lang}/courses/${courseId}`),
      footer: t('mail.footer'),
    }),
  }
}
