// Any other path under /en or /es: a translated 404.
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

export function loader(): never {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
