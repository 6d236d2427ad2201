// Who is asking, and may they? Every loader and action starts with one of these guards.
import { redirect } from '@remix-run/node'
import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { type Role } from '#app/generated/prisma/enums.ts'
import { prisma } from './db.server.ts'
import { getLangFromRequest } from './lang.server.ts'
import { timingSafeDummyHash, verifyPassword } from './password.server.ts'
import { getSessionId } from './session.server.ts'
import { normaliseEmail } from './validation.ts'

export const USER_SELECT = {
  id: true,
  email: true,
  emailVerifiedAt: true,
  displayName: true,
  certificateName: true,
  country: true,
  organisation: true,
  organisationType: true,
  preferredLocale: true,
  role: true,
} as const

export type SessionUser = {
  id: string
  email: string
  emailVerifiedAt: Date | null
  displayName: string
  certificateName: string
  country: string
  organisation: string
  organisationType: string
  preferredLocale: 'en' | 'es'
  role: Role
  sessionId: string
}

// Root and route loaders run in parallel for one request: look the session up once.
const cache = new WeakMap<Request, Promise<SessionUser | null>>()

export function getUser(request: Request): Promise<SessionUser | null> {
  let found = cache.get(request)
  if (!found) {
    found = lookUpUser(request)
    cache.set(request, found)
  }
  return found
}

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await getSessionId(request)
  if (!sessionId) return null
  const session = await prisma.session.findFirst({
    where: { id: sessionId, expiresAt: { gt: new Date() }, user: { deletedAt: null } },
    select: { id: true, user: { select: USER_SELECT } },
  })
  if (!session) return null
  return { ...session.user, sessionId: session.id }
}

function loginPath(request: Request): string {
  const url = new URL(request.url)
  const lang = getLangFromRequest(request)
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
  if (await getUser(request)) throw redirect(`/${getLangFromRequest(request)}/dashboard`)
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
    return { id: user.id }
  }),
  'form',
)
