// How to reach the operator (config/legal, ADR 024), in the page's language.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { legalPage } from '#app/legal/legal.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { langParam } from '#app/utils/lang.server.ts'

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, 'common:legal.contact.title', 'common:legal.contact.description')

export async function loader({ params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  return { lang, operator: legalPage('help', lang).operator }
}

export default function ContactPage() {
  const { lang, operator } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('legal.contact.title')}</h1>
      <p className="mt-4">{t('legal.contact.intro', { operator: operator.name })}</p>
      <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t('legal.contact.email')}</dt>
        <dd>
          <a href={`mailto:${operator.email}`} className="text-brand-700 underline">
            {operator.email}
          </a>
        </dd>
        {operator.address.length ? (
          <>
            <dt className="font-semibold">{t('legal.contact.address')}</dt>
            <dd>
              <address className="not-italic">
                {operator.address.map((line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ))}
              </address>
            </dd>
          </>
        ) : null}
      </dl>
      <p className="mt-8">
        <Link to={`/${lang}/help`} className="text-brand-700 underline">
          {t('legal.contact.help')}
        </Link>
      </p>
    </div>
  )
}
