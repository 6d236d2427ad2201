// Signing out: the header's button posts here and is sent home. The route has a page only for a
// post that is not that form: its error says so in the page's language.
import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { parseSubmission } from '#app/utils/form.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { logout } from '#app/utils/session.server.ts'

/** The log-out button's form has no fields; a body that is not a form is still refused. */
const LogoutSchema = z.object({})

export async function loader({ params }: ActionFunctionArgs) {
  // Signing out is a POST (a link prefetch must not sign anyone out).
  throw redirect(`/${langParam(params)}`)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  await parseSubmission(request, LogoutSchema)
  return logout(request, `/${lang}`)
}

export default function LogoutPage() {
  return null
}
