// The header row of the staff pages' tables: one <th scope="col"> per column, in the same style
// everywhere. A column may bring its own classes (e.g. right-aligned numbers).
import { type ReactNode } from 'react'

export type Column = ReactNode | { label: ReactNode; className: string }

function isStyled(column: Column): column is { label: ReactNode; className: string } {
  return typeof column === 'object' && column !== null && 'className' in column && 'label' in column
}

export function ColumnHeads({ columns, cellClassName = 'py-2' }: { columns: Column[]; cellClassName?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-300">
        {columns.map((column, i) => (
          <th key={i} scope="col" className={isStyled(column) ? column.className : cellClassName}>
            {isStyled(column) ? column.label : column}
          </th>
        ))}
      </tr>
    </thead>
  )
}
