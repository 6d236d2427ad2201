// The administrators' payments page: recent and flagged payments, waivers, pending requests, totals.
import { prisma } from '#app/utils/db.server.ts'

const REPORT_ROWS = 100

export async function paymentsOverview() {
  const user = { select: { displayName: true, email: true } }
  const paymentSelect = {
    id: true,
    courseId: true,
    amountCents: true,
    currency: true,
    status: true,
    flagged: true,
    flagReason: true,
    refundedCents: true,
    paidAt: true,
    refundedAt: true,
    createdAt: true,
    stripeSessionId: true,
    user,
  } as const
  const [payments, flagged, waivers, requests, totals] = await Promise.all([
    prisma.payment.findMany({
      select: paymentSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    // Payments to review, however old: flagged and not refunded yet.
    prisma.payment.findMany({
      where: { flagged: true, status: { not: 'refunded' } },
      select: paymentSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.enrolment.findMany({
      where: { source: 'waiver' },
      select: {
        id: true,
        courseId: true,
        createdAt: true,
        waiverReason: true,
        waiverSponsor: true,
        user,
        grantedBy: { select: { displayName: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.enrolmentRequest.findMany({
      where: { status: 'pending' },
      select: { id: true, courseId: true, message: true, createdAt: true, user },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPORT_ROWS,
    }),
    prisma.payment.groupBy({
      by: ['currency', 'status'],
      _sum: { amountCents: true, refundedCents: true },
      _count: { _all: true },
    }),
  ])
  return { payments, flagged, waivers, requests, totals }
}
