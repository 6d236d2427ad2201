// The public certificate check: valid, revoked, replaced by a re-issue, or not found, in the
// reader's language. The code is the key (no listing; the look-up by serial at /verify needs the
// holder's surname too), and the page is rate-limited per IP so codes cannot be tried in bulk. It
// shows what the printed certificate shows, so a verifier holding paper can match it (name, course,
// serial, study hours, dates, issuer), and the PDFs' fingerprints.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { findCertificateByCode } from '#app/certificates/lookup.server.ts'
import { useLang } from '#app/root.tsx'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { enforceRateLimits, RATE_LIMITS } from '#app/utils/rate-limit.server.ts'

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, 'certificates:verify.metaTitle', 'certificates:verify.intro'),
  // A verification page is for whoever holds the link, not for search engines.
  { name: 'robots', content: 'noindex, nofollow' },
]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = langParam(params)
  await enforceRateLimits([[`verify:ip:${context.clientIp}`, RATE_LIMITS.certificateVerifyPerIp]])
  const headers = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }
  const certificate = await findCertificateByCode(params.code ?? '')
  if (!certificate) return data({ found: false as const }, { status: 404, headers })
  return data(
    {
      found: true as const,
      status: certificate.status,
      holderName: certificate.holderName,
      serial: certificate.serial,
      hours: certificate.hours,
      courseTitle: lang === 'es' ? certificate.courseTitleEs : certificate.courseTitleEn,
      issuerName: (lang === 'es' ? certificate.issuerNameEs : certificate.issuerNameEn) || null,
      completedAt: certificate.completedAt.toISOString(),
      issuedAt: certificate.issuedAt.toISOString(),
      revokedAt: certificate.revokedAt?.toISOString() ?? null,
      replacedAt: certificate.supersededBy?.issuedAt.toISOString() ?? null,
      currentCode: certificate.supersededBy?.verificationCode ?? null,
      fingerprints: { en: certificate.pdfEnSha256, es: certificate.pdfEsSha256 },
      code: certificate.verificationCode,
    },
    { headers },
  )
}

const STATUS_STYLE = {
  valid: 'border-emerald-700 bg-emerald-50 text-emerald-900',
  revoked: 'border-red-700 bg-red-50 text-red-900',
  superseded: 'border-amber-700 bg-amber-50 text-amber-950',
} as const

export default function VerifyCertificatePage() {
  const result = useLoaderData<typeof loader>()
  const { t } = useTranslation('certificates')
  const lang = useLang()
  const date = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso))
  const lookupLink = (
    <p className="mt-8 text-sm">
      <Link to={`/${lang}/verify`} className="text-brand-700 underline">
        {t('lookup.link')}
      </Link>
    </p>
  )
  if (!result.found) {
    return (
      <div className="mx-auto max-w-3xl px-4 py-10">
        <h1 className="text-3xl font-bold">{t('verify.title')}</h1>
        <div role="status" className="mt-6 rounded-md border-l-4 border-slate-600 bg-slate-50 p-4">
          <h2 className="text-xl font-semibold">{t('verify.notFound')}</h2>
          <p className="mt-2">{t('verify.notFoundBody')}</p>
        </div>
        {lookupLink}
      </div>
    )
  }
  const heading = { valid: t('verify.valid'), revoked: t('verify.revoked'), superseded: t('verify.superseded') }[
    result.status
  ]
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('verify.title')}</h1>
      <p className="mt-2 text-slate-700">{t('verify.intro')}</p>
      <div
        role="status"
        data-status={result.status}
        className={`mt-6 rounded-md border-l-4 p-4 ${STATUS_STYLE[result.status]}`}
      >
        <h2 className="text-xl font-semibold">{heading}</h2>
        <p className="mt-1">
          {result.status === 'valid'
            ? t('verify.validBody', { issuer: result.issuerName ?? 'Aula' })
            : result.status === 'revoked'
              ? t('verify.revokedBody', { date: date(result.revokedAt ?? result.issuedAt) })
              : t('verify.supersededBody', { date: date(result.replacedAt ?? result.issuedAt) })}
        </p>
        {result.status === 'superseded' && result.currentCode ? (
          <p className="mt-2">
            <Link to={`/${lang}/verify/${result.currentCode}`} className="font-semibold underline">
              {t('verify.supersededLink')}
            </Link>
          </p>
        ) : null}
      </div>
      <dl className="mt-8 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t('verify.holder')}</dt>
        <dd data-testid="holder">{result.holderName}</dd>
        <dt className="font-semibold">{t('verify.course')}</dt>
        <dd>{result.courseTitle}</dd>
        <dt className="font-semibold">{t('verify.serial')}</dt>
        <dd data-testid="serial" className="font-mono">
          {result.serial}
        </dd>
        <dt className="font-semibold">{t('verify.hours')}</dt>
        <dd data-testid="hours">
          {t('verify.hoursValue', {
            count: result.hours,
            // As the PDF prints it (app/certificates/pdf.server.ts).
            hours: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(result.hours),
          })}
        </dd>
        <dt className="font-semibold">{t('verify.completedOn')}</dt>
        <dd>{date(result.completedAt)}</dd>
        <dt className="font-semibold">{t('verify.issuedOn')}</dt>
        <dd>{date(result.issuedAt)}</dd>
        {result.issuerName ? (
          <>
            <dt className="font-semibold">{t('verify.issuer')}</dt>
            <dd>{result.issuerName}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="fingerprints" className="mt-8">
        <h2 id="fingerprints" className="text-lg font-semibold">
          {t('verify.fingerprints')}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t('verify.fingerprintsHelp')}</p>
        <dl className="mt-3 space-y-2 text-sm">
          <dt className="font-semibold">{t('verify.fingerprintEn')}</dt>
          <dd className="font-mono break-all" data-testid="sha256-en">
            {result.fingerprints.en}
          </dd>
          <dt className="font-semibold">{t('verify.fingerprintEs')}</dt>
          <dd className="font-mono break-all" data-testid="sha256-es">
            {result.fingerprints.es}
          </dd>
        </dl>
      </section>
      <p className="mt-8 text-sm">
        <a href={`/credentials/${result.code}`} className="text-brand-700 underline">
          {t('verify.credential')}
        </a>
      </p>
      {lookupLink}
    </div>
  )
}
