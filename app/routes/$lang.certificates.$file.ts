// A certificate's stored PDF: /{lang}/certificates/{id}.pdf, for its holder or an administrator.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { certificatePdf } from '#app/certificates/lookup.server.ts'
import { privatePdfResponse } from '#app/utils/private-pdf.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  return privatePdfResponse(request, params, {
    notFound: ['certificates', 'errors.notFound'],
    find: async ({ id, ...who }) => {
      const pdf = await certificatePdf({ certificateId: id, ...who })
      return pdf && { bytes: pdf.bytes, name: pdf.serial }
    },
  })
}
