// "Your certificate is being prepared": what a learner's pages say between completing a course
// and the job runner issuing its certificate (usually a second or two, ADR 012), and a light
// refresh of the page's data meanwhile, so the certificate appears without a reload.
import { useRevalidator } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** Refresh every REFRESH_MS while a certificate is being prepared, at most MAX_REFRESHES times. */
const REFRESH_MS = 2000
const MAX_REFRESHES = 30

/** Revalidates the page's loaders now and then while `active`; a page calls it once. */
export function useRefreshWhilePreparing(active: boolean) {
  const revalidator = useRevalidator()
  const [refreshes, setRefreshes] = useState(0)
  useEffect(() => {
    if (!active || revalidator.state !== 'idle' || refreshes >= MAX_REFRESHES) return
    const timer = setTimeout(() => {
      setRefreshes((n) => n + 1)
      revalidator.revalidate()
    }, REFRESH_MS)
    return () => clearTimeout(timer)
  }, [active, revalidator, refreshes])
}

export function CertificatePreparing({ courseTitle }: { courseTitle?: string }) {
  const { t } = useTranslation('certificates')
  return (
    <p role="status" className="mt-2 rounded-md bg-sky-50 p-3 text-sky-950" data-testid="certificate-preparing">
      {courseTitle ? <strong>{courseTitle}. </strong> : null}
      {t('preparing')}
    </p>
  )
}
