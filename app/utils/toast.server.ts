// One-shot messages that survive a redirect and work without JavaScript: a cookie holds the
// translation key; the root loader translates it in the page's language and clears it.
import { createCookie } from '@remix-run/node'
import { z } from 'zod'
import { servedOverHttps } from './env.server.ts'

const ToastSchema = z.object({
  kind: z.enum(['success', 'info', 'error']),
  key: z.string().max(100),
  // Interpolation values (e.g. a certificate serial), short plain strings.
  values: z.record(z.string().max(40), z.string().max(200)).optional(),
})
export type Toast = z.infer<typeof ToastSchema>

let cookie: ReturnType<typeof createCookie> | undefined
function toastCookie() {
  // Made on first use, once the environment is known: Secure whenever the site is https.
  cookie ??= createCookie('aula_toast', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 60,
    secure: servedOverHttps(),
  })
  return cookie
}

export async function toastHeader(toast: Toast): Promise<string> {
  return toastCookie().serialize(toast)
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; clear: string | null }> {
  const raw: unknown = await toastCookie().parse(request.headers.get('Cookie'))
  if (raw === null || raw === undefined) return { toast: null, clear: null }
  const parsed = ToastSchema.safeParse(raw)
  return { toast: parsed.success ? parsed.data : null, clear: await toastCookie().serialize('', { maxAge: 0 }) }
}
