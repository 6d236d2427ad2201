// Once per run: migrate a template database with the real migrations (prisma migrate deploy,
// the same command production runs). Each test file clones it in setup-file.ts.
import { type TestProject } from 'vitest/node'
import { migrateDeploy } from '#server/prisma-cli.ts'
import { createDatabase, databaseUrl, dropDatabase } from './database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

export default async function setup(project: TestProject) {
  const template = `aula_test_template_${process.pid}`
  await createDatabase(template)
  await migrateDeploy(databaseUrl(template))
  project.provide('templateDatabase', template)
  return async () => {
    await dropDatabase(template)
  }
}
