// The "framework floor" for `npm run bench`: the same server, the same shell and the same
// lesson markup, from a constant (no database, no session). 404 unless AULA_BENCH=true.
import { readFileSync } from 'node:fs'
import { useLoaderData } from '@remix-run/react'

let html: string | undefined

export function loader() {
  if (process.env.AULA_BENCH !== 'true' || !process.env.AULA_BENCH_FLOOR_FILE)
    throw new Response('Not found', { status: 404 })
  html ??= readFileSync(process.env.AULA_BENCH_FLOOR_FILE, 'utf8')
  return { html }
}

export default function LessonFloor() {
  const { html } = useLoaderData<typeof loader>()
  return <main id="main" dangerouslySetInnerHTML={{ __html: html }} />
}
