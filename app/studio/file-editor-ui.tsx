// What the glossary and dataset editors (ADR 034 §3e) show under a refusal: its details (who saved
// the file last and when, the lessons that use what the change removes) and a dataset's problems,
// each at its file and line with its translated kind and the loader's own English message.
import { useTranslation } from 'react-i18next'

export type ShownProblem = { file: string; line?: number; message: string; code?: string }
/** The `details` of an editor's refusal (file-editors.server.ts). */
export type RefusalShown = { lines?: string[]; problems?: ShownProblem[] }

export function RefusalDetails({ details }: { details?: { lines?: string[] } }) {
  if (!details?.lines?.length) return null
  return (
    <ul
      role="alert"
      className="mt-2 list-inside list-disc rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800"
    >
      {details.lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  )
}

export function DatasetProblems({ problems }: { problems?: ShownProblem[] }) {
  const { t, i18n } = useTranslation('studio')
  if (!problems?.length) return null
  return (
    <ul className="mt-2 space-y-1 text-sm" data-testid="dataset-problems">
      {problems.map((p, i) => (
        <li key={i} className="text-red-800">
          <span className="font-medium">
            {p.line ? t('datasets.problemAt', { file: p.file, line: p.line }) : p.file}
          </span>
          {': '}
          {p.code && i18n.exists(`studio:datasets.codes.${p.code}`)
            ? t(`datasets.codes.${p.code}`)
            : t('datasets.codes.metadata')}
          <span className="block text-xs text-slate-600" lang="en">
            {p.message}
          </span>
        </li>
      ))}
    </ul>
  )
}
