// Sessions live in the database (Session rows); the cookie carries only a signed session id.
// "Sign out everywhere" is one deleteMany. Secrets rotate: SESSION_SECRET="new,old".
import { createCookie, redirect } from '@remix-run/node'
import { prisma } from './db.server.ts'
import { env, servedOverHttps } from './env.server.ts'
import { perRequest } from './request-cache.server.ts'

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

let cookie: ReturnType<typeof createCookie> | undefined
export function sessionCookie() {
  const config = env()
  cookie ??= createCookie('aula_session', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Secure whenever the site is https (APP_URL), whatever the database (ADR 011).
    secure: servedOverHttps(config),
    secrets: config.SESSION_SECRET.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    maxAge: SESSION_TTL_MS / 1000,
  })
  return cookie
}

/**
 * The session id the request's cookie carries, if its signature is good. Checked once per HTTP
 * request (the page's headers, the root's and the page's loaders each ask): each check is a
 * WebCrypto key import and HMAC.
 */
export function getSessionId(request: Request): Promise<string | null> {
  const header = request.headers.get('Cookie')
  return perRequest(`session-id:${header ?? ''}`, async () => {
    const value: unknown = await sessionCookie().parse(header)
    return typeof value === 'string' && value.length > 0 && value.length < 100 ? value : null
  })
}

/** Creates a new session row (a fresh id at every login) and returns its Set-Cookie header. */
export async function createSession(userId: string, request: Request): Promise<string> {
  const previous = await getSessionId(request)
  const userAgent = request.headers.get('User-Agent')?.slice(0, 300) ?? null
  const session = await prisma.$transaction(async (tx) => {
    // Rotation: an id handed out before login never becomes an authenticated one.
    if (previous) await tx.session.deleteMany({ where: { id: previous } })
    return tx.session.create({
      data: { userId, userAgent, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
      select: { id: true },
    })
  })
  return sessionCookie().serialize(session.id)
}

export async function destroySessionCookie(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

export async function logout(request: Request, redirectTo: string): Promise<never> {
  const id = await getSessionId(request)
  if (id) await prisma.session.deleteMany({ where: { id } })
  throw redirect(redirectTo, { headers: { 'Set-Cookie': await destroySessionCookie() } })
}

/**
 * Headers for a page or its data (entry.server.tsx): a request that carries a session cookie may
 * get a page with personal data (a name in the header, a dashboard, an admin list), so it is never
 * stored: not by a shared proxy, not by the browser's back-button cache on a shared computer. Every
 * page varies by the cookie, so a cache that keeps a signed-out page never serves it to someone
 * signed in (or the other way round).
 */
export async function setPrivacyHeaders(request: Request, headers: Headers): Promise<void> {
  if (await getSessionId(request)) headers.set('Cache-Control', 'no-store')
  const vary = headers.get('Vary')
  if (
    !vary
      ?.toLowerCase()
      .split(/\s*,\s*/)
      .includes('cookie')
  )
    headers.set('Vary', vary ? `${vary}, Cookie` : 'Cookie')
}
