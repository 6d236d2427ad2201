// Stripe sends the learner here when they leave the checkout page without paying.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/accounts/auth.server.ts'
import { requireVisibleCourse } from '#app/content/access.server.ts'
import { useLang } from '#app/root.tsx'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments:cancel.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const course = requireVisibleCourse(user, new URL(request.url).searchParams.get('course'))
  return { course: { id: course.id, title: course.title[lang] } }
}

export default function CheckoutCancelPage() {
  const { course } = useLoaderData<typeof loader>()
  const { t } = useTranslation('payments')
  const lang = useLang()
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-3xl font-bold">{t('cancel.title')}</h1>
      <p className="mt-6">{t('cancel.body', { course: course.title })}</p>
      <Link to={`/${lang}/courses/${course.id}`} className="text-brand-700 mt-6 inline-block font-medium underline">
        {t('cancel.back')}
      </Link>
    </div>
  )
}
