// /i18n/{lang}-{audience}.{hash}.js: the page language's UI strings for the browser (ADR 004).
// A current name is cached for good; a name from before a deploy gets today's strings, not
// cached, so a page that was open across a deploy still starts.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { parseStringsFile } from '#app/utils/i18n-bundle.server.ts'

export function loader({ params }: LoaderFunctionArgs) {
  const found = parseStringsFile(params.file ?? '')
  if (!found) throw new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(found.bundle.body, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      // nosniff and the other security headers come from helmet, as for every response.
      'Cache-Control': found.current ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  })
}
