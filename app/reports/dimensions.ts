// Lists shared by the console pages and their server code (no server imports: the browser needs them).
export const REPORT_DIMENSIONS = ['course', 'country', 'organisationType', 'month'] as const
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number]
export const MEASURES = ['enrolments', 'completions', 'certificates'] as const
/** Counts from 1 to SUPPRESS_BELOW - 1 are shown as "<5" in reports shared outside the Center. */
export const SUPPRESS_BELOW = 5
