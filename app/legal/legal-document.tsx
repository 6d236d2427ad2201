// A page of the operator's legal texts (privacy notice, terms of use, help, accessibility
// statement): the title, the operator's Markdown rendered on the server (raw HTML escaped), its
// version when it has one, and who runs the platform.
import { useTranslation } from 'react-i18next'

export type LegalPageData = {
  html: string
  version: string | null
  operator: { name: string; email: string; address: string[] }
}

export function LegalDocumentPage({
  document,
  page,
}: {
  document: 'privacy' | 'terms' | 'help' | 'accessibility'
  page: LegalPageData
}) {
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t(`legal.${document}.title`)}</h1>
      {/* The operator's own text (config/legal), rendered by micromark without raw HTML. */}
      <div className="lesson-prose mt-6" dangerouslySetInnerHTML={{ __html: page.html }} />
      <footer className="mt-10 border-t border-slate-200 pt-4 text-sm text-slate-700">
        <p>{t('legal.operator', { operator: page.operator.name })}</p>
        {page.version ? <p data-testid="legal-version">{t('legal.version', { version: page.version })}</p> : null}
      </footer>
    </div>
  )
}
