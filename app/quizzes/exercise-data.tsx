import { useTranslation } from 'react-i18next'
import { type PublicData } from './public.ts'

/**
 * A data exercise's table: what the learner computes from. Numbers come written in the reader's
 * convention (publicData). The wrapper scrolls sideways on a narrow screen and can take focus, so a
 * keyboard user can scroll it too.
 */
export function ExerciseData({ id, data }: { id: string; data: PublicData }) {
  const { t } = useTranslation('quiz')
  return (
    <figure className="mt-4">
      <div role="region" aria-labelledby={`${id}-caption`} tabIndex={0} className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption id={`${id}-caption`} className="text-left font-medium">
            {data.caption}
          </caption>
          <thead>
            <tr className="border-b border-slate-400">
              {data.columns.map((c) => (
                <th key={c.id} scope="col" className="px-2 py-1 align-bottom">
                  {c.label}
                  {c.unit ? <span className="block font-normal text-slate-700">({c.unit})</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row, r) => (
              <tr key={r} className="border-b border-slate-200">
                {row.map((cell, c) =>
                  c === 0 && !cell.number ? (
                    <th key={c} scope="row" className="px-2 py-1 font-normal">
                      {cell.text}
                    </th>
                  ) : (
                    <td key={c} className={`px-2 py-1 ${cell.number ? 'text-right tabular-nums' : ''}`}>
                      {cell.text}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="mt-1 text-sm text-slate-700">
        {t('exercise.source')}: {data.source}
      </figcaption>
    </figure>
  )
}
