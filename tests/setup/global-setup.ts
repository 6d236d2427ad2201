// Once per run: find or start the PostgreSQL server, migrate a template database with the real migrations (prisma migrate deploy,
// the same command production runs). Each test file clones it in setup-file.ts.
import path from 'node:path'
import { type TestProject } from 'vitest/node'
import { buildContent } from '#app/content/build.server.ts'
import { migrateDeploy } from '#server/prisma-cli.ts'
import { createDatabase, databaseUrl, dropDatabase } from './database.ts'
import { startTestServer } from './test-server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
    contentBuildDir: string
    testServerUrl: string
  }
}

export default async function setup(project: TestProject) {
  // TEST_DATABASE_URL, or an embedded PostgreSQL for this run (`npm test` starts one for both phases).
  const server = await startTestServer()
  project.provide('testServerUrl', server.url)
  const template = `aula_test_template_${process.pid}`
  await createDatabase(template)
  await migrateDeploy(databaseUrl(template))
  project.provide('templateDatabase', template)
  // The compiled courses the route loaders read: the build's own folder (content-addressed, cached
  // between runs like a real build), so `npm test`'s later `npm run build` compiles nothing again.
  const contentBuildDir = path.resolve(process.env.CONTENT_BUILD_DIR ?? 'content-build')
  const built = await buildContent({ root: path.resolve('courses'), outDir: contentBuildDir })
  if (built.problems.length) throw new Error(`courses have problems: run npm run courses:check`)
  project.provide('contentBuildDir', contentBuildDir)
  return async () => {
    await dropDatabase(template)
    await server.stop()
  }
}
