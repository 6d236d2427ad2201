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
/** Label lines: 12 px text, at most this many characters a line fit the label column (212 px). */
const LABEL_CHARS = 26
const LABEL_LINES = 2
const LINE_HEIGHT = 14

/**
 * A row label in at most two lines that fit the label column, broken between words (a word
 * longer than a line is cut); what does not fit ends in "…". Long lesson titles used to be
 * drawn past the chart's left edge. The full label is always in the table beside the chart.
 */
export function labelLines(label: string, chars = LABEL_CHARS, maxLines = LABEL_LINES): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word
    if (next.length <= chars) line = next
    else {
      if (line) lines.push(line)
      line = word.length > chars ? `${word.slice(0, chars - 1)}…` : word
    }
  }
  if (line) lines.push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  const last = kept[maxLines - 1]!
  kept[maxLines - 1] = `${last.length >= chars ? last.slice(0, chars - 1) : last}…`
  return kept
}

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
  const barsHeight = series.length * (BAR + GAP)
  const rowHeight = Math.max(barsHeight, LABEL_LINES * LINE_HEIGHT) + ROW_GAP
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
              {(() => {
                const lines = labelLines(row.label)
                // Centred on the row's bars, line by line.
                const first = barsHeight / 2 + 4 - ((lines.length - 1) * LINE_HEIGHT) / 2
                return (
                  <text textAnchor="end" className="fill-slate-900 text-[12px]">
                    {lines.map((line, l) => (
                      <tspan key={l} x={LABEL - 8} y={first + l * LINE_HEIGHT}>
                        {line}
                      </tspan>
                    ))}
                  </text>
                )
              })()}
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
