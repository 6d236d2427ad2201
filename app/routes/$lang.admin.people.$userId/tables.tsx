// The read-only tables of the person page (payments, quiz attempts, audit trail) and the section
// frame every part of the page shares.
import { type useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { formatPrice } from '#app/utils/format.ts'
import { type loader } from './route.tsx'

type PersonData = ReturnType<typeof useLoaderData<typeof loader>>

export const th = 'py-2 pr-3'
export const td = 'py-2 pr-3 align-top'

export function formatters(locale: string) {
  return {
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
    number: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
  }
}

export function None({ text }: { text: string }) {
  return <p className="mt-2 text-slate-700">{text}</p>
}

export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-10">
      <h2 id={`${id}-heading`} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}

export function PaymentsSection({ rows, locale }: { rows: PersonData['payments']; locale: string }) {
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const { date, dateTime, number } = formatters(locale)
  return (
    <Section id="payments" title={t('person.payments')}>
      {rows.length === 0 ? (
        <None text={t('person.noPayments')} />
      ) : (
        <table className="mt-2 w-full border-collapse text-left text-sm">
          <ColumnHeads
            cellClassName={th}
            columns={[t('people.course'), t('person.amount'), t('person.paymentStatus'), t('person.date')]}
          />
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} className="border-b border-slate-200">
                <td className={td}>{p.course}</td>
                <td className={td}>{formatPrice(locale, p.amountCents, p.currency)}</td>
                <td className={td}>{t(`person.paymentStatuses.${p.status}`)}</td>
                <td className={td}>{date.format(new Date(p.createdAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}

export function AttemptsSection({ rows, locale }: { rows: PersonData['attempts']; locale: string }) {
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const { date, dateTime, number } = formatters(locale)
  return (
    <Section id="attempts" title={t('person.attempts')}>
      {rows.length === 0 ? (
        <None text={t('person.noAttempts')} />
      ) : (
        <table className="mt-2 w-full border-collapse text-left text-sm">
          <ColumnHeads
            cellClassName={th}
            columns={[t('people.course'), t('person.quiz'), t('person.score'), t('person.language'), t('person.date')]}
          />
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} className="border-b border-slate-200">
                <td className={td}>{a.course}</td>
                <td className={td}>{a.quizId}</td>
                <td className={td}>
                  {number.format(a.score)} % {a.passed ? `(${t('person.passed')})` : ''}
                </td>
                <td className={td}>{t(`person.languages.${a.locale}`)}</td>
                <td className={td}>{dateTime.format(new Date(a.createdAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}

export function TrailSection({ rows, locale }: { rows: PersonData['trail']; locale: string }) {
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const { date, dateTime, number } = formatters(locale)
  return (
    <Section id="trail" title={t('person.trail')}>
      {rows.length === 0 ? (
        <None text={t('audit.none')} />
      ) : (
        <table className="mt-2 w-full border-collapse text-left text-sm">
          <ColumnHeads
            cellClassName={th}
            columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.details')]}
          />
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} className="border-b border-slate-200">
                <td className={td}>{dateTime.format(new Date(e.createdAt))}</td>
                <td className={td}>{e.actor ?? '—'}</td>
                <td className={td}>{t(`admin:audit.actions.${e.action}`, { defaultValue: e.action })}</td>
                <td className={`${td} font-mono text-xs break-all`}>{e.data}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
