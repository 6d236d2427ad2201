// A person's own stored PDF (a certificate, a receipt): /{lang}/<kind>/{id}.pdf, in the URL's
// language. Only its owner (or an administrator) gets it; for anyone else it does not exist (a
// 404, nothing leaked). The one way both download routes answer.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/accounts/auth.server.ts'
import { getT } from './i18n.server.ts'
import { type Lang } from './i18n.ts'
import { langParam } from './lang.server.ts'

const FILE = /^([A-Za-z0-9_-]{1,40})\.pdf$/

export async function privatePdfResponse(
  request: Request,
  params: LoaderFunctionArgs['params'],
  {
    notFound: [ns, key],
    find,
  }: {
    /** The 404's message: its namespace and key. */
    notFound: [string, string]
    /** The PDF and its file name's stem (serial, receipt number), or null where it is not the user's. */
    find: (query: {
      id: string
      userId: string
      isAdmin: boolean
      lang: Lang
    }) => Promise<{ bytes: Uint8Array<ArrayBuffer>; name: string } | null>
  },
) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const notFound = () =>
    new Response(getT(lang, ns)(key), { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const match = FILE.exec(params.file ?? '')
  if (!match) return notFound()
  const pdf = await find({ id: match[1]!, userId: user.id, isAdmin: user.role === 'admin', lang })
  if (!pdf) return notFound()
  return new Response(pdf.bytes, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${pdf.name}-${lang}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
