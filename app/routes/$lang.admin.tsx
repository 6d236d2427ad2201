// The administrator's layout: the sections' navigation above every admin page. Its loader refuses
// anyone but an administrator; each admin page's loader and action still check for themselves,
// because Remix runs a page's loaders in parallel and a POST reaches only the page's action.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { requireRole } from '#app/accounts/auth.server.ts'
import { AdminNav } from '#app/components/admin-nav.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin')
  return null
}

export default function AdminLayout() {
  return (
    <>
      <AdminNav />
      <Outlet />
    </>
  )
}
