// The course a staff form is about (grant a waiver, import a cohort, issue a certificate): one
// select of the courses the page offers, drawn the same way on every form.
import { type FieldMetadata, getSelectProps } from '@conform-to/react'
import { SelectField } from './forms.tsx'

export function CourseSelectField({
  field,
  courses,
  label,
  placeholder,
}: {
  field: FieldMetadata<string | undefined, Record<string, unknown>, string[]>
  courses: Array<{ id: string; title: string }>
  label: string
  /** The empty first option ("Choose a course"); none where the first course is chosen already. */
  placeholder?: string
}) {
  return (
    <SelectField
      label={label}
      errors={field.errors}
      placeholder={placeholder}
      options={courses.map((c) => ({ value: c.id, label: c.title }))}
      selectProps={getSelectProps(field)}
    />
  )
}
