// The administrator's people table: server-side search, filters and paging, shared by the page and
// its CSV export. Two queries per page (count + rows) whatever the data size.
import { z } from 'zod'
import { AUDIT_EVENT_SELECT } from '#app/audit/audit.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { progressForCourses } from '#app/progress/progress.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { MAX_PAGE } from '#app/utils/limits.ts'
import {
  anyOr,
  CountrySchema,
  EnrolmentStatusSchema,
  OrganisationTypeSchema,
  pageSchema,
  parseQuery,
  RoleSchema,
  SearchSchema,
  SlugSchema,
} from '#app/utils/validation.ts'

export const PEOPLE_PAGE_SIZE = 25
export const MAX_PEOPLE_PAGE = MAX_PAGE

// '' (an empty select) means "any". Anything else not understood is a 400, never a query.
export const PeopleQuerySchema = z.object({
  q: SearchSchema,
  country: anyOr(CountrySchema),
  organisationType: anyOr(OrganisationTypeSchema),
  course: anyOr(SlugSchema),
  role: anyOr(RoleSchema),
  status: anyOr(EnrolmentStatusSchema),
  page: pageSchema(MAX_PEOPLE_PAGE),
})
export type PeopleQuery = z.infer<typeof PeopleQuerySchema>

/** The filters from a URL; a 400 on anything malformed (an unknown country, a negative page). */
export function parsePeopleQuery(url: URL): PeopleQuery {
  const parsed = parseQuery(url, PeopleQuerySchema)
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  return parsed.data
}

export function peopleWhere(query: PeopleQuery): Prisma.UserWhereInput {
  const enrolment = query.course || query.status
  return {
    deletedAt: null,
    ...(query.country ? { country: query.country } : {}),
    ...(query.organisationType ? { organisationType: query.organisationType } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(enrolment
      ? {
          enrolments: {
            some: {
              ...(query.course ? { courseId: query.course } : {}),
              ...(query.status ? { status: query.status } : {}),
            },
          },
        }
      : {}),
    // Every typed word must appear somewhere in the person's name, certificate name, e-mail or
    // organisation, whatever the case and accents ("jose nunez" finds José Ñúñez).
    ...(query.q ? { AND: searchWords(query.q).map((word) => ({ searchText: { contains: word } })) } : {}),
  }
}

// Letters that lose their accent in PostgreSQL's unaccent but have no decomposed form.
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i' }

/**
 * A search as the words of User.searchText: lower case, accents removed the way the column's
 * unaccent() removes them, split on spaces (at most 8 words).
 */
export function searchWords(q: string): string[] {
  return q
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđłı]/g, (ch) => FOLD[ch]!)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
}

const personSelect = {
  id: true,
  email: true,
  displayName: true,
  country: true,
  organisation: true,
  organisationType: true,
  role: true,
  createdAt: true,
  _count: { select: { enrolments: true } },
} satisfies Prisma.UserSelect

export async function peoplePage(query: PeopleQuery) {
  const where = peopleWhere(query)
  const [total, people] = await Promise.all([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      select: personSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (query.page - 1) * PEOPLE_PAGE_SIZE,
      take: PEOPLE_PAGE_SIZE,
    }),
  ])
  return { total, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)), people }
}

/** Every matching person for the CSV export (one query, capped). */
export function peopleForExport(query: PeopleQuery, limit: number) {
  return prisma.user.findMany({
    where: peopleWhere(query),
    select: personSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: limit,
  })
}

const AUDIT_TRAIL_LIMIT = 100

/**
 * Everything the person page shows of one person, in two rounds of queries whatever the data:
 * profile, enrolments, progress, the latest 200 quiz attempts, certificates, payments; then the
 * audit trail about them, their enrolments and their certificates (the latest 100 events), which
 * needs their ids. Progress is read for every course of the catalogue (one query, a few rows per
 * course), so it need not wait for the enrolments; `progress` holds the catalogue's courses only.
 */
export async function personRecord(userId: string) {
  const [person, enrolments, attempts, certificates, payments, progress] = await Promise.all([
    prisma.user.findFirst({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        displayName: true,
        certificateName: true,
        country: true,
        organisation: true,
        organisationType: true,
        preferredLocale: true,
        role: true,
        createdAt: true,
        emailVerifiedAt: true,
        deletedAt: true,
      },
    }),
    prisma.enrolment.findMany({
      where: { userId },
      select: { id: true, courseId: true, status: true, source: true, createdAt: true, completedAt: true },
      orderBy: { createdAt: 'desc' },
    }),
    prisma.quizAttempt.findMany({
      where: { userId },
      select: { id: true, courseId: true, quizId: true, locale: true, score: true, passed: true, createdAt: true },
      orderBy: { createdAt: 'desc' },
      take: 200,
    }),
    prisma.certificate.findMany({
      where: { userId },
      select: {
        id: true,
        serial: true,
        courseId: true,
        status: true,
        issuedAt: true,
        revokedAt: true,
        revokedReason: true,
      },
      orderBy: { issuedAt: 'desc' },
    }),
    prisma.payment.findMany({
      where: { userId },
      select: {
        id: true,
        courseId: true,
        amountCents: true,
        currency: true,
        status: true,
        createdAt: true,
        paidAt: true,
        refundedAt: true,
      },
      orderBy: { createdAt: 'desc' },
    }),
    progressForCourses(userId, getManifest().courses),
  ])
  if (!person) return null
  const subjects = [
    `user:${userId}`,
    ...enrolments.map((e) => `enrolment:${e.id}`),
    ...certificates.map((c) => `certificate:${c.id}`),
  ]
  const trail = await prisma.auditEvent.findMany({
    where: { subject: { in: subjects } },
    select: AUDIT_EVENT_SELECT,
    orderBy: { createdAt: 'desc' },
    take: AUDIT_TRAIL_LIMIT,
  })
  return { person, enrolments, progress, attempts, certificates, payments, trail }
}
