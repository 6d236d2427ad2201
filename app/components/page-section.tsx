// The parts the staff and learner pages are built from: a section named by its heading, and a
// table of rows with its column heads (or one sentence when there are no rows).
import { type ReactNode } from 'react'
import { ColumnHeads, type Column } from './column-heads.tsx'

export function PageSection({
  id,
  title,
  className,
  children,
}: {
  /** The heading's id is `${id}-heading`; the section is labelled by it. */
  id: string
  title: ReactNode
  className?: string
  children: ReactNode
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className={className}>
      <h2 id={`${id}-heading`} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}

export function RowsTable<Row>({
  rows,
  columns,
  empty,
  rowKey,
  cellClassName,
  rowProps,
  children,
}: {
  rows: Row[]
  columns: Column[]
  /** What is said instead of an empty table. */
  empty: ReactNode
  rowKey: (row: Row) => string
  cellClassName?: string
  rowProps?: (row: Row) => Record<string, string>
  /** The cells (<td>) of one row. */
  children: (row: Row) => ReactNode
}) {
  if (rows.length === 0) return <p className="mt-2">{empty}</p>
  return (
    <table className="mt-4 w-full border-collapse text-left text-sm">
      <ColumnHeads columns={columns} cellClassName={cellClassName} />
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className="border-b border-slate-200" {...rowProps?.(row)}>
            {children(row)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A person in a staff table: the name, with the e-mail address under it. */
export function NameAndEmail({ name, email }: { name: ReactNode; email: string }) {
  return (
    <>
      {name}
      <br />
      <span className="text-slate-600">{email}</span>
    </>
  )
}
