// Where the embedded PostgreSQL keeps its data and which port it prefers when DATABASE_URL is
// unset (DESIGN.md, "embedded default"). Shared by the server, the Prisma CLI config and the scripts.
export const DEFAULT_EMBEDDED_DB_PORT = 54329
export const DEFAULT_EMBEDDED_DB_DIR = 'data/postgres'

/**
 * The port asked for with EMBEDDED_DB_PORT, or undefined when it is unset (then the default is
 * tried and, if another program holds it, a free port is chosen).
 */
export function requestedEmbeddedPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (env.EMBEDDED_DB_PORT === undefined || env.EMBEDDED_DB_PORT === '') return undefined
  const port = Number(env.EMBEDDED_DB_PORT)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`EMBEDDED_DB_PORT must be a TCP port number, got "${env.EMBEDDED_DB_PORT}"`)
  }
  return port
}

/**
 * A syntactically valid URL for the Prisma CLI's config when DATABASE_URL is unset (DESIGN.md,
 * gap 3). Commands that touch a database always get the real one (server/prisma-cli.ts).
 */
export const PLACEHOLDER_DATABASE_URL = `postgresql://postgres@127.0.0.1:${DEFAULT_EMBEDDED_DB_PORT}/postgres`
