import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { langParam } from '#app/utils/route.server.ts'
import { logout } from '#app/utils/session.server.ts'

export async function loader({ params }: ActionFunctionArgs) {
  // Signing out is a POST (a link prefetch must not sign anyone out).
  throw redirect(`/${langParam(params)}`)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return logout(request, `/${langParam(params)}`)
}
