// Stripe sends the learner here after paying. The enrolment is made by the webhook (the source
// of truth), which may arrive a moment later: the page waits for it briefly. Once it has come, the
// learner goes straight to the course's first lesson; until then the page says the payment is
// being confirmed and checks again by itself (a link lets the learner check without JavaScript).
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireUser } from '#app/accounts/auth.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { findPaymentForSession } from '#app/payments/checkout.server.ts'
import { findEnrolment } from '#app/progress/progress.server.ts'
import { useLang } from '#app/root.tsx'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments:success.title')

/** How long the page waits for the webhook before answering "not yet". */
export const SUCCESS_WAIT_MS = 4000
const POLL_MS = 250
const SessionIdSchema = z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const sessionId = SessionIdSchema.safeParse(new URL(request.url).searchParams.get('session_id'))
  if (!sessionId.success) throw new Response('Bad request', { status: 400 })
  const deadline = Date.now() + SUCCESS_WAIT_MS
  let payment = await findPaymentForSession(user.id, sessionId.data)
  while (!payment && Date.now() < deadline && !request.signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    payment = await findPaymentForSession(user.id, sessionId.data)
  }
  if (!payment) return { state: 'pending' as const, course: null, sessionId: sessionId.data }
  const course = getCourse(payment.courseId)
  const enrolment = await findEnrolment(user.id, payment.courseId)
  const first = course?.modules[0]?.lessons[0]
  const enrolled = Boolean(enrolment && enrolment.status !== 'cancelled' && !payment.flagged)
  if (enrolled && course) {
    throw redirect(`/${lang}/courses/${course.id}${first ? `/${first.id}` : ''}`, {
      headers: {
        'Set-Cookie': await toastHeader({
          kind: 'success',
          key: 'payments:success.enrolled',
          values: { course: course.title[lang].slice(0, 200) },
        }),
      },
    })
  }
  return {
    state: enrolled ? ('enrolled' as const) : ('review' as const),
    sessionId: sessionId.data,
    course: course
      ? {
          id: course.id,
          title: course.title[lang],
          firstLesson: first ? `${course.modules[0]!.slug}/${first.slug}` : null,
        }
      : null,
  }
}

export default function CheckoutSuccessPage() {
  const { state, course, sessionId } = useLoaderData<typeof loader>()
  const { t } = useTranslation('payments')
  const lang = useLang()
  const revalidator = useRevalidator()
  const [checks, setChecks] = useState(0)
  useEffect(() => {
    // Not there yet: look again a few times (each look waits on the server too).
    if (state !== 'pending' || checks >= 5 || revalidator.state !== 'idle') return
    const timer = setTimeout(() => {
      setChecks((n) => n + 1)
      revalidator.revalidate()
    }, 1000)
    return () => clearTimeout(timer)
  }, [state, checks, revalidator])
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-3xl font-bold">{t('success.title')}</h1>
      {state === 'enrolled' && course ? (
        <div className="mt-6 space-y-4">
          <p role="status">{t('success.enrolled', { course: course.title })}</p>
          <p>{t('success.mail')}</p>
          <Link
            to={`/${lang}/courses/${course.id}${course.firstLesson ? `/${course.firstLesson}` : ''}`}
            className="bg-brand-800 hover:bg-brand-700 inline-block rounded-md px-4 py-2 font-medium text-white"
          >
            {t('success.start')}
          </Link>
        </div>
      ) : state === 'review' ? (
        <p role="status" className="mt-6">
          {t('success.review')}
        </p>
      ) : (
        <div className="mt-6 space-y-4">
          <p role="status">{t('success.pending')}</p>
          <Link
            to={`/${lang}/checkout/success?session_id=${encodeURIComponent(sessionId)}`}
            className="text-brand-700 font-medium underline"
          >
            {t('success.checkAgain')}
          </Link>
        </div>
      )}
    </div>
  )
}
