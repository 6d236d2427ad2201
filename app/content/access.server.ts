// Who may see which course and read its lessons. Drafts exist only for their trainers and
// administrators; everyone else gets a 404, as if the course did not exist.
import { type SessionUser } from '#app/accounts/auth.server.ts'
import { SlugSchema } from '#app/utils/validation.ts'
import { getCourse, getManifest } from './catalog.server.ts'
import { type ManifestCourse } from './manifest.ts'

/** A course, module or lesson id in the address (the shared slug field). */
export function isSlugParam(value: unknown): value is string {
  return SlugSchema.safeParse(value).success
}

/**
 * Administrators, and trainers assigned to the course in the console (CourseTrainer rows, read with
 * the session's user: no query here). A trainer whose role was taken away teaches nothing.
 */
export function isCourseStaff(user: SessionUser | null, course: { id: string }): boolean {
  return Boolean(user && (user.role === 'admin' || (user.role === 'trainer' && user.teaches.includes(course.id))))
}

export function canSeeCourse(user: SessionUser | null, course: ManifestCourse): boolean {
  return course.status === 'published' || isCourseStaff(user, course)
}

/** The course if this person may see it; otherwise a 404 (drafts do not exist for others). */
export function requireVisibleCourse(user: SessionUser | null, courseId: unknown): ManifestCourse {
  const course = isSlugParam(courseId) ? getCourse(courseId) : undefined
  if (!course || !canSeeCourse(user, course)) throw new Response('Not found', { status: 404 })
  return course
}

export function visibleCourses(user: SessionUser | null): ManifestCourse[] {
  return getManifest().courses.filter((c) => canSeeCourse(user, c))
}

/**
 * Free published courses are open to read; a paid one needs an enrolment (or staff). The caller
 * passes the enrolment it already looked up (findEnrolment), so the check costs no query.
 */
export function lessonAccess(
  user: SessionUser | null,
  course: ManifestCourse,
  enrolment: { status: string } | null,
): 'open' | 'enrolled' | 'staff' | 'locked' {
  if (isCourseStaff(user, course)) return 'staff'
  if (course.priceCents === 0) return 'open'
  return user && enrolment && enrolment.status !== 'cancelled' ? 'enrolled' : 'locked'
}

/**
 * Where a lesson of a paid course sends someone not enrolled: the course page, with the offer and
 * a note naming the lesson they wanted.
 */
export function lockedLessonPath(lang: string, courseId: string, lessonId: string): string {
  return `/${lang}/courses/${courseId}?${new URLSearchParams({ lesson: lessonId })}#offer`
}

/** Accent- and case-insensitive text for search ("victimizacion" finds "victimización"). */
export { fold as foldForSearch } from './headings.ts'
