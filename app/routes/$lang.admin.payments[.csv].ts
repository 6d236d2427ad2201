// Payments, refunds and fee waivers side by side, as CSV: what a programme reports to its donors
// (who paid, who was sponsored and by whom). Headers in the page's language; UTF-8 with a
// byte-order mark and formula-looking cells neutralised (app/utils/csv.server.ts).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/accounts/auth.server.ts'
import { countryName } from '#app/accounts/countries.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { csvResponse, csvSeparatorOf, MAX_CSV_ROWS, toCsv, type CsvCell } from '#app/utils/csv.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  await requireRole(request, 'admin')
  const separator = csvSeparatorOf(new URL(request.url))
  const t = getT(lang, ['payments', 'common'])
  const user = { select: { displayName: true, email: true, country: true, organisationType: true } }
  const [payments, waivers] = await Promise.all([
    prisma.payment.findMany({
      select: {
        courseId: true,
        amountCents: true,
        refundedCents: true,
        currency: true,
        status: true,
        flagged: true,
        flagReason: true,
        paidAt: true,
        createdAt: true,
        user,
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_CSV_ROWS,
    }),
    prisma.enrolment.findMany({
      where: { source: 'waiver' },
      select: { courseId: true, createdAt: true, waiverReason: true, waiverSponsor: true, user },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_CSV_ROWS,
    }),
  ])
  const title = (id: string) => getCourse(id)?.title[lang] ?? id
  const person = (u: (typeof payments)[number]['user']) => [
    u.displayName,
    u.email,
    countryName(u.country, lang),
    t(`common:organisationTypes.${u.organisationType}`),
  ]
  const day = (d: Date) => d.toISOString().slice(0, 10)
  const rows: Array<{ at: Date; cells: CsvCell[] }> = [
    ...payments.map((p) => ({
      at: p.paidAt ?? p.createdAt,
      cells: [
        t('payments:admin.csv.payment'),
        day(p.paidAt ?? p.createdAt),
        title(p.courseId),
        ...person(p.user),
        (p.amountCents / 100).toFixed(2),
        p.currency,
        t(`payments:admin.statuses.${p.status}`),
        p.refundedCents ? (p.refundedCents / 100).toFixed(2) : '',
        p.flagged && p.flagReason ? t(`payments:admin.csv.flags.${p.flagReason}`) : '',
        '',
        '',
      ],
    })),
    ...waivers.map((w) => ({
      at: w.createdAt,
      cells: [
        t('payments:admin.csv.waiver'),
        day(w.createdAt),
        title(w.courseId),
        ...person(w.user),
        '',
        '',
        '',
        '',
        '',
        w.waiverReason ?? '',
        w.waiverSponsor ?? '',
      ],
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime())
  const headers = [
    'type',
    'date',
    'course',
    'learner',
    'email',
    'country',
    'organisationType',
    'amount',
    'currency',
    'status',
    'refunded',
    'flag',
    'reason',
    'sponsor',
  ].map((k) => t(`payments:admin.csv.headers.${k}`))
  return csvResponse(
    `aula-payments-and-waivers-${new Date().toISOString().slice(0, 10)}.csv`,
    toCsv(
      headers,
      rows.map((r) => r.cells),
      separator,
    ),
    separator,
  )
}
