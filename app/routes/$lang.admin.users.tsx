// Administrators find people and change their role; every change is audited in the same
// transaction. (The full people console, with filters and exports, comes with its own issue.)
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { Pager } from '#app/components/pager.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormError, SubmitButton } from '#app/components/forms.tsx'
import { audit } from '#app/utils/audit.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { countryName } from '#app/utils/countries.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseSubmission } from '#app/utils/form.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { langParam } from '#app/utils/route.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { RoleSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin:users.title')

export const PAGE_SIZE = 25
const MAX_PAGE = 10_000

const QuerySchema = z.object({
  // PostgreSQL refuses NUL in text: a query with control characters searches for nothing.
  q: z.string().trim().max(200).regex(/^[^\p{Cc}]*$/u).catch(''),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
})

const ChangeRoleSchema = z.object({
  intent: z.literal('change-role', { errorMap: () => ({ message: 'common:errors.400.body' }) }),
  userId: z
    .string({ required_error: 'validation:required', invalid_type_error: 'validation:required' })
    .max(50, 'validation:tooLong')
    // Ids are cuids; anything else (a NUL byte would make PostgreSQL throw) matches no one.
    .regex(/^[A-Za-z0-9_-]+$/, 'common:errors.400.body'),
  role: RoleSchema,
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  await requireRole(request, 'admin')
  const url = new URL(request.url)
  const { q, page } = QuerySchema.parse({ q: url.searchParams.get('q') ?? '', page: url.searchParams.get('page') ?? 1 })
  const where = {
    deletedAt: null,
    ...(q
      ? {
          OR: [
            { email: { contains: q, mode: 'insensitive' as const } },
            { displayName: { contains: q, mode: 'insensitive' as const } },
            { organisation: { contains: q, mode: 'insensitive' as const } },
          ],
        }
      : {}),
  }
  const [total, users] = await Promise.all([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      select: { id: true, email: true, displayName: true, country: true, organisation: true, role: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ])
  return {
    q,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    users: users.map((u) => ({ ...u, countryName: countryName(u.country, lang) })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const submission = await parseSubmission(request, ChangeRoleSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { userId, role } = submission.value
  if (userId === admin.id) {
    // An administrator cannot demote themselves and lock the platform out of its last admin.
    return data({ result: submission.reply({ formErrors: ['admin:users.notSelf'] }) }, { status: 400 })
  }
  const changed = await prisma.$transaction(async (tx) => {
    const target = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true, role: true } })
    if (!target) return null
    if (target.role === role) return target
    await tx.user.update({ where: { id: userId }, data: { role }, select: { id: true } })
    await audit(tx, { actorId: admin.id, action: 'user.role.change', subject: `user:${userId}`, data: { from: target.role, to: role } })
    return target
  })
  if (!changed) throw new Response('Not found', { status: 404 })
  const back = new URL(request.url)
  throw redirect(`/${lang}/admin/users${back.search}`, { headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'admin:users.roleChanged' }) } })
}

export default function AdminUsersPage() {
  const { users, q, page, pages, total } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('admin')
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('users.title')}</h1>
      <div className="mt-4">
        <FormError errors={actionData?.result.error?.[''] ?? (actionData?.result.error ? ['validation:role'] : null)} />
      </div>
      <Form method="get" role="search" className="mt-6 flex gap-2">
        <label htmlFor="q" className="sr-only">{t('users.search')}</label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder={t('users.searchPlaceholder')} className="w-full max-w-md rounded-md border border-slate-400 px-3 py-2" />
        <SubmitButton variant="secondary">{t('users.search')}</SubmitButton>
      </Form>
      <p className="mt-4 text-sm text-slate-700" aria-live="polite">{t('users.count', { count: total })}</p>
      <table className="mt-4 w-full border-collapse text-left text-sm">
        <ColumnHeads columns={[t('users.name'), t('users.email'), t('users.country'), t('users.organisation'), t('users.role')]} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-slate-200 align-top">
              <td className="py-2 pr-2">{u.displayName}</td>
              <td className="py-2 pr-2">{u.email}</td>
              <td className="py-2 pr-2">{u.countryName}</td>
              <td className="py-2 pr-2">{u.organisation}</td>
              <td className="py-2">
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="intent" value="change-role" />
                  <input type="hidden" name="userId" value={u.id} />
                  <label htmlFor={`role-${u.id}`} className="sr-only">{t('users.roleFor', { name: u.displayName })}</label>
                  <select id={`role-${u.id}`} name="role" defaultValue={u.role} className="rounded border border-slate-400 px-2 py-1">
                    {(['learner', 'trainer', 'admin'] as const).map((role) => (
                      <option key={role} value={role}>{t(`roles.${role}`)}</option>
                    ))}
                  </select>
                  <SubmitButton variant="secondary" className="!px-2 !py-1 text-sm">{t('users.save')}</SubmitButton>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} label={t('users.pagination')} className="mt-6" />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
