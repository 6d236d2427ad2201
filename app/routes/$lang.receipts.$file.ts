// A purchase receipt as a PDF: /{lang}/receipts/{id}.pdf, for its payer or an administrator.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { receiptPdf } from '#app/payments/receipt.server.ts'
import { privatePdfResponse } from '#app/utils/private-pdf.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  return privatePdfResponse(request, params, {
    notFound: ['payments', 'receipt.notFound'],
    find: async ({ id, ...who }) => {
      const pdf = await receiptPdf({ receiptId: id, ...who })
      return pdf && { bytes: pdf.bytes, name: pdf.number }
    },
  })
}
