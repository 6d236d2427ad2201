// The read-only tables of the person page (payments, quiz attempts, audit trail) and the section
// frame every part of the page shares.
import { type useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageSection, RowsTable } from '#app/components/page-section.tsx'
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

export function PaymentsSection({ rows, locale }: { rows: PersonData['payments']; locale: string }) {
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const { date } = formatters(locale)
  return (
    <PageSection id="payments" title={t('person.payments')} className="mt-10">
      <RowsTable
        rows={rows}
        empty={t('person.noPayments')}
        cellClassName={th}
        columns={[t('people.course'), t('person.amount'), t('person.paymentStatus'), t('person.date')]}
        rowKey={(p) => p.id}
      >
        {(p) => (
          <>
            <td className={td}>{p.course}</td>
            <td className={td}>{formatPrice(locale, p.amountCents, p.currency)}</td>
            <td className={td}>{t(`person.paymentStatuses.${p.status}`)}</td>
            <td className={td}>{date.format(new Date(p.createdAt))}</td>
          </>
        )}
      </RowsTable>
    </PageSection>
  )
}

export function AttemptsSection({ rows, locale }: { rows: PersonData['attempts']; locale: string }) {
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const { dateTime, number } = formatters(locale)
  return (
    <PageSection id="attempts" title={t('person.attempts')} className="mt-10">
      <RowsTable
        rows={rows}
        empty={t('person.noAttempts')}
        cellClassName={th}
        columns={[t('people.course'), t('person.quiz'), t('person.score'), t('person.language'), t('person.date')]}
        rowKey={(a) => a.id}
      >
        {(a) => (
          <>
            <td className={td}>{a.course}</td>
            <td className={td}>{a.quizId}</td>
            <td className={td}>
              {number.format(a.score)} % {a.passed ? `(${t('person.passed')})` : ''}
            </td>
            <td className={td}>{t(`person.languages.${a.locale}`)}</td>
            <td className={td}>{dateTime.format(new Date(a.createdAt))}</td>
          </>
        )}
      </RowsTable>
    </PageSection>
  )
}

export function TrailSection({ rows, locale }: { rows: PersonData['trail']; locale: string }) {
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const { dateTime } = formatters(locale)
  return (
    <PageSection id="trail" title={t('person.trail')} className="mt-10">
      <RowsTable
        rows={rows}
        empty={t('audit.none')}
        cellClassName={th}
        columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.details')]}
        rowKey={(e) => e.id}
      >
        {(e) => (
          <>
            <td className={td}>{dateTime.format(new Date(e.createdAt))}</td>
            <td className={td}>{e.actor ?? '—'}</td>
            <td className={td}>{t(`admin:audit.actions.${e.action}`, { defaultValue: e.action })}</td>
            <td className={`${td} font-mono text-xs break-all`}>{e.data}</td>
          </>
        )}
      </RowsTable>
    </PageSection>
  )
}
