// The "framework floor" for `npm run bench`: the same server, the same shell and the same
// lesson markup, from a constant (no database, no session). 404 unless AULA_BENCH=true.
import { readFileSync } from 'node:fs'
import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { sendOnce, StaticHtml } from '#app/components/static-html.tsx'

let html: string | undefined

export function loader({ context }: LoaderFunctionArgs) {
  if (process.env.AULA_BENCH !== 'true' || !process.env.AULA_BENCH_FLOOR_FILE)
    throw new Response('Not found', { status: 404 })
  html ??= readFileSync(process.env.AULA_BENCH_FLOOR_FILE, 'utf8')
  // Sent once, as the lesson page sends its text (StaticHtml).
  return { part: sendOnce(context, 'floor', html) }
}

export default function LessonFloor() {
  const { part } = useLoaderData<typeof loader>()
  return (
    <main id="main">
      <StaticHtml piece={part} />
    </main>
  )
}
