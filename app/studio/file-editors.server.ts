// What the glossary and dataset editors (ADR 034 §3e) say besides a refusal's message: who saved the
// file last and when (a stale revision), or the lessons that still use what the change removes.
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'

export type RefusalDetails = { lines: string[] }

/** The lines a page shows under a refusal's message; undefined when there is nothing more to say. */
export function refusalDetails(
  result: { error: string; by?: string | null; at?: Date; lessons?: string[] },
  lang: Lang,
  country: string | null,
): RefusalDetails | undefined {
  const t = getT(lang, 'studio')
  if (result.error === 'stale' && result.at) {
    const date = new Intl.DateTimeFormat(formattingLocale(lang, country), {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(result.at)
    return { lines: [t('files.errors.staleBy', { name: result.by ?? t('errors.someone'), date: `${date} UTC` })] }
  }
  if (result.lessons?.length) return { lines: result.lessons.map((lesson) => t('files.usedIn', { lesson })) }
  return undefined
}
