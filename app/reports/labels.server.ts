// Labels for report keys in the page's language: course titles from the compiled catalogue,
// country names from Intl (CLDR), organisation types and months from the locale files / Intl.
import { countryName } from '#app/accounts/countries.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'

export function reportLabels(lang: Lang, locale: string) {
  const t = getT(lang, 'common')
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' })
  return {
    course: (id: string) => getCourse(id)?.title[lang] ?? id,
    country: (code: string) => countryName(code, lang),
    organisationType: (type: string) => t(`organisationTypes.${type}`, { defaultValue: type }),
    month: (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`)),
  }
}
