// The certificates module's failures and what each means over HTTP and to a person (ADR 018).
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'

/** Every failure of the certificates module (every file of app/certificates). */
export type CertificateError =
  | 'unknown-learner'
  | 'unknown-course'
  | 'unknown-cohort'
  | 'not-found'
  | 'not-enrolled'
  | 'already-issued'
  | 'not-valid'
  | 'not-pending'
  | 'batch-running'
  | 'unprintable-name'

/** What a certificate failure means over HTTP and to a person (routes answer with refuse(submission, domainError(…))). */
export const CERTIFICATE_ERRORS: ErrorTable<CertificateError> = {
  'unknown-learner': { status: 404, message: 'certificates:errors.unknownLearner' },
  'unknown-course': { status: 404, message: 'certificates:errors.unknownCourse' },
  'unknown-cohort': { status: 404, message: 'certificates:errors.unknownCohort' },
  'not-found': { status: 404, message: 'certificates:errors.notFound' },
  'not-enrolled': { status: 409, message: 'certificates:errors.notEnrolled' },
  'already-issued': { status: 409, message: 'certificates:errors.alreadyIssued' },
  'not-valid': { status: 409, message: 'certificates:errors.notValid' },
  'not-pending': { status: 409, message: 'certificates:errors.requestNotPending' },
  'batch-running': { status: 409, message: 'certificates:errors.batchRunning' },
  'unprintable-name': { status: 409, message: 'certificates:errors.unprintableName' },
}

/** The certificate font has no glyph for these characters (thrown before a serial is taken). */
export class UnprintableTextError extends Error {
  constructor(readonly characters: string) {
    super(`the certificate font cannot print ${JSON.stringify(characters)}`)
  }
}
