// /content/assets/<course>/<hash>-<name>: course images, hash-named, so cached for good (ADR 034
// §3f). From this node's content-build/ when it built the version, else from the database
// (app/content/asset-blobs.server.ts), so every node serves every version's images, the Studio's
// included. Only course images: the manifest (with quiz answer keys) and the lessons' HTML stay on
// the server, and any other /content address is a 404. Mounted by server/index.ts and the tests'
// server (tests/http.ts).
import path from 'node:path'
import express from 'express'
import { readCourseAsset } from '#app/content/asset-blobs.server.ts'
import { type PrismaClient } from '#app/generated/prisma/client.ts'

export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable'

export function contentAssets(options: { contentDir: string; prisma: PrismaClient }): express.Router {
  const router = express.Router()
  router.use(
    '/content/assets',
    express.static(path.join(options.contentDir, 'assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
      fallthrough: true,
    }),
  )
  router.get('/content/assets/:course/:file', async (req, res, next) => {
    try {
      const bytes = await readCourseAsset(options.prisma, req.params.course, req.params.file)
      if (!bytes) return next()
      // The Content-Type by extension, as express.static answers from the disk.
      res.status(200).type(path.extname(req.params.file)).set('Cache-Control', ASSET_CACHE_CONTROL).send(bytes)
    } catch (error) {
      next(error)
    }
  })
  router.use('/content', (_req, res) => res.status(404).type('text/plain').send('Not found'))
  return router
}
