// For `npm run bench`: the memory of the HTTP process that answers (the bench asks until it has
// heard from every worker), so the table can show heap used against RSS. 404 unless AULA_BENCH=true.
export function loader() {
  if (process.env.AULA_BENCH !== 'true') throw new Response('Not found', { status: 404 })
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage()
  return Response.json(
    { pid: process.pid, rss, heapTotal, heapUsed, external, arrayBuffers },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
