// A grouped horizontal bar chart as plain SVG (no chart library, no JavaScript needed). It is one
// image to assistive technology, named by its title and summarised by its description; the
// numbers themselves are always also in a table next to it (WCAG 1.1.1). Suppressed cells ("<5")
// are drawn as a dashed outline with no length, so the chart reveals no more than the table.

export type ChartSeries = { key: string; label: string; className: string }
export type ChartRow = { label: string; values: Record<string, number | string> }

const WIDTH = 760
const LABEL = 220
const VALUE = 60
const BAR = 12
const GAP = 3
const ROW_GAP = 12

export function BarChart({
  id,
  title,
  description,
  series,
  rows,
  format,
}: {
  id: string
  title: string
  description: string
  series: ChartSeries[]
  rows: ChartRow[]
  format: (value: number) => string
}) {
  const numbers = rows
    .flatMap((r) => series.map((s) => r.values[s.key]))
    .filter((v): v is number => typeof v === 'number')
  const max = Math.max(1, ...numbers)
  const scale = (WIDTH - LABEL - VALUE) / max
  const rowHeight = series.length * (BAR + GAP) + ROW_GAP
  const legendHeight = 28
  const height = legendHeight + rows.length * rowHeight + 4
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      className="h-auto w-full max-w-4xl"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <g aria-hidden="true">
        {series.map((s, i) => (
          <g key={s.key} transform={`translate(${LABEL + i * 170}, 6)`}>
            <rect width={BAR} height={BAR} className={s.className} />
            <text x={BAR + 6} y={BAR - 1} className="fill-slate-900 text-[12px]">
              {s.label}
            </text>
          </g>
        ))}
        {rows.map((row, r) => {
          const top = legendHeight + r * rowHeight
          return (
            <g key={`${row.label}-${r}`} transform={`translate(0, ${top})`}>
              <text
                x={LABEL - 8}
                y={(series.length * (BAR + GAP)) / 2 + 4}
                textAnchor="end"
                className="fill-slate-900 text-[12px]"
              >
                {row.label.length > 32 ? `${row.label.slice(0, 31)}…` : row.label}
              </text>
              {series.map((s, i) => {
                const value = row.values[s.key]
                const y = i * (BAR + GAP)
                if (typeof value !== 'number') {
                  return (
                    <g key={s.key}>
                      <rect
                        x={LABEL}
                        y={y}
                        width={BAR}
                        height={BAR}
                        fill="none"
                        strokeDasharray="2 2"
                        className="stroke-slate-700"
                      />
                      <text x={LABEL + BAR + 4} y={y + BAR - 2} className="fill-slate-900 text-[11px]">
                        {value}
                      </text>
                    </g>
                  )
                }
                const w = Math.max(value > 0 ? 1 : 0, value * scale)
                return (
                  <g key={s.key}>
                    <rect x={LABEL} y={y} width={w} height={BAR} className={s.className} />
                    <text x={LABEL + w + 4} y={y + BAR - 2} className="fill-slate-900 text-[11px]">
                      {format(value)}
                    </text>
                  </g>
                )
              })}
            </g>
          )
        })}
      </g>
    </svg>
  )
}
