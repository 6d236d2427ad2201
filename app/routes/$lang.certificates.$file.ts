// A certificate's stored PDF: /{lang}/certificates/{id}.pdf, in the URL's language. Only its
// holder (or an administrator) gets it; for anyone else it does not exist (404, nothing leaked).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/accounts/auth.server.ts'
import { certificatePdf } from '#app/certificates/lookup.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'

const FILE = /^([A-Za-z0-9_-]{1,40})\.pdf$/

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const notFound = () =>
    new Response(getT(lang, 'certificates')('errors.notFound'), {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  const match = FILE.exec(params.file ?? '')
  if (!match) return notFound()
  const pdf = await certificatePdf({ certificateId: match[1]!, userId: user.id, isAdmin: user.role === 'admin', lang })
  if (!pdf) return notFound()
  return new Response(pdf.bytes, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${pdf.serial}-${lang}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
