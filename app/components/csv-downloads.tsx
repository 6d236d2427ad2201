// Every CSV export is offered twice (ADR 025): with commas, and with semicolons for Excel set up
// for Spanish (and other locales that write 1,5), which opens a comma file as one column.
import { useTranslation } from 'react-i18next'

/** `href` is the export's URL with its query (the page's filters), if any. */
export function CsvDownloads({ label, href }: { label: string; href: string }) {
  const { t } = useTranslation('common')
  const semicolon = `${href}${href.includes('?') ? '&' : '?'}sep=semicolon`
  const link = 'text-brand-700 font-medium underline'
  // A plain link with `download`: the file is fetched by the browser, not by the router.
  return (
    <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
      <span>{label}:</span>
      <a href={href} download className={link}>
        {t('csv.comma')}
      </a>
      <a href={semicolon} download className={link}>
        {t('csv.semicolon')}
      </a>
    </p>
  )
}
