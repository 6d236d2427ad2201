// `?_data=<route id>` is Remix's data request from before single fetch. This app runs single
// fetch (its browser code asks for `<path>.data`), so no page of its own sends `?_data`, but Remix
// still answers it, and a bad route id there is a 500 (issue 14, found by tests/integration/
// fuzz-queries.test.ts). Refused with a 400 before Remix sees it, in the server and in the tests' server.
import type express from 'express'

export function refuseLegacyDataRequests(req: express.Request, res: express.Response, next: express.NextFunction) {
  const query = req.originalUrl.indexOf('?')
  if (query !== -1 && new URLSearchParams(req.originalUrl.slice(query + 1)).has('_data')) {
    res.status(400).type('text/plain; charset=utf-8').send('400: bad request / solicitud incorrecta')
    return
  }
  next()
}
