// Who is asking, and may they? Every loader and action starts with one of these guards.
import { redirect } from '@remix-run/node'
import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { z } from 'zod'
import { Prisma } from '#app/generated/prisma/client.ts'
import { Role } from '#app/generated/prisma/enums.ts'
import { prisma, sqlRows } from '#app/utils/db.server.ts'
import { type Lang, LANGS } from '#app/utils/i18n.ts'
import { langOfRequest } from '#app/utils/lang.server.ts'
import { perRequest, perRequestPeek } from '#app/utils/request-cache.server.ts'
import { getSessionId } from '#app/utils/session.server.ts'
import { normaliseEmail } from '#app/utils/validation.ts'
import { hashPassword, needsRehash, timingSafeDummyHash, verifyPassword } from './password.server.ts'

export type SessionUser = {
  id: string
  email: string
  emailVerifiedAt: Date | null
  displayName: string
  certificateName: string
  country: string
  organisation: string
  organisationType: string
  preferredLocale: Lang
  role: Role
  sessionId: string
}

/** The signed-in user; looked up once per HTTP request however many loaders ask. */
export function getUser(request: Request): Promise<SessionUser | null> {
  return perRequest(`user:${request.headers.get('Cookie') ?? ''}`, () => lookUpUser(request))
}

// A page loader that reads the user together with its own data (readWithUser) leaves the user's
// promise here for the other loaders of the same request.
const PAGE_READ_USER = 'user:page-read'

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await getSessionId(request)
  if (!sessionId) return null
  // The page's loader started with the root's (Remix runs them side by side) and, while the
  // cookie's signature was checked, may have asked for the user with its own data: no second trip.
  const fromPage = perRequestPeek<Promise<SessionUser | null>>(PAGE_READ_USER)
  if (fromPage) return fromPage
  const rows = await sqlRows(sessionUserSql(sessionId))
  return rows.length ? sessionUserOf(rows[0], sessionId) : null
}

/**
 * The signed-in user's row for a session id: columns of SessionUserRow. Every page asks this, so it
 * is hand-written: Prisma's query compiler took about twice as long for the same join (bench: ~2.6 ms
 * against ~1.4 ms a call). Uses index Session_pkey. Also the first part of a page's one-statement
 * read (readWithUser).
 */
export function sessionUserSql(sessionId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT u.id, u.email, u."emailVerifiedAt", u."displayName", u."certificateName", u.country,
           u.organisation, u."organisationType"::text AS "organisationType",
           u."preferredLocale"::text AS "preferredLocale", u.role::text AS role
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId} AND s."expiresAt" > now() AND u."deletedAt" IS NULL`
}

/** A row whose first columns are sessionUserSql's, as the session's user. */
export function sessionUserOf(row: unknown, sessionId: string): SessionUser {
  return { ...SessionUserRow.parse(row), sessionId }
}

/**
 * One round trip for a page that needs the signed-in user and data of its own: `read` runs one
 * statement that starts from sessionUserSql (given the cookie's session id) and returns the user
 * with the rest. The other loaders of the request (the root's getUser) take the user from it instead
 * of querying. Call it before the loader's first await (the root's lookup checks for it once the
 * cookie is verified). Null when the request carries no session cookie.
 */
export function readWithUser<T extends { user: SessionUser | null }>(
  request: Request,
  read: (sessionId: string) => Promise<T>,
): Promise<T | null> {
  const result = getSessionId(request).then((sessionId) => (sessionId ? read(sessionId) : null))
  const user = result.then((r) => r?.user ?? null)
  // Handled by whoever awaits it; a loader that did not ask must not see an unhandled rejection.
  void user.catch(() => {})
  void perRequest(PAGE_READ_USER, () => user)
  return result
}

const SessionUserRow = z.object({
  id: z.string(),
  email: z.string(),
  emailVerifiedAt: z.date().nullable(),
  displayName: z.string(),
  certificateName: z.string(),
  country: z.string(),
  organisation: z.string(),
  organisationType: z.string(),
  preferredLocale: z.enum(LANGS),
  role: z.nativeEnum(Role),
})

function loginPath(request: Request): string {
  const url = new URL(request.url)
  const lang = langOfRequest(request)
  const back = `${url.pathname}${url.search}`
  return `/${lang}/login?${new URLSearchParams({ redirectTo: back })}`
}

/** The signed-in user, or a redirect to the log-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) throw redirect(loginPath(request))
  return user
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect(`/${langOfRequest(request)}/dashboard`)
}

/** The signed-in user if their role is one of `roles`; otherwise a 403 (translated by the boundary). */
export async function requireRole(request: Request, roles: Role | Role[]): Promise<SessionUser> {
  const user = await requireUser(request)
  const allowed = Array.isArray(roles) ? roles : [roles]
  if (!allowed.includes(user.role)) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  return user
}

export class InvalidCredentialsError extends Error {
  constructor() {
    super('invalid-credentials')
  }
}

/** remix-auth runs the strategy; the action creates the session row and the cookie. */
export const authenticator = new Authenticator<{ id: string }>()
authenticator.use(
  new FormStrategy(async ({ form }) => {
    const email = normaliseEmail(String(form.get('email') ?? ''))
    const password = String(form.get('password') ?? '')
    const user = await prisma.user.findFirst({
      where: { email, deletedAt: null },
      select: { id: true, password: { select: { hash: true } } },
    })
    // Same work whether or not the account exists: the answer reveals nothing.
    const valid = await verifyPassword(password, user?.password?.hash ?? (await timingSafeDummyHash()))
    if (!user || !user.password || !valid) throw new InvalidCredentialsError()
    if (needsRehash(user.password.hash)) await rehashPassword(user.id, user.password.hash, password)
    return { id: user.id }
  }),
  'form',
)

/**
 * ADR 002: a hash made with older scrypt parameters is replaced with one at today's cost at the
 * next successful log-in, when the password is at hand. Only if it is still the hash just
 * verified: a password changed meanwhile is never overwritten.
 */
async function rehashPassword(userId: string, verifiedHash: string, password: string) {
  const hash = await hashPassword(password)
  await prisma.password.updateMany({ where: { userId, hash: verifiedHash }, data: { hash } })
}
