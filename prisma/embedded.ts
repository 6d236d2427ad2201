// Where the embedded PGlite database listens when DATABASE_URL is unset (DESIGN.md,
// "embedded default"). Shared by the server, the Prisma CLI config and the scripts.
export const DEFAULT_EMBEDDED_DB_PORT = 54329
export const DEFAULT_EMBEDDED_DB_DIR = 'data/pglite'

export function embeddedDatabasePort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.EMBEDDED_DB_PORT ?? DEFAULT_EMBEDDED_DB_PORT)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`EMBEDDED_DB_PORT must be a TCP port number, got "${env.EMBEDDED_DB_PORT}"`)
  }
  return port
}

export function embeddedDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `postgresql://postgres:postgres@127.0.0.1:${embeddedDatabasePort(env)}/postgres?sslmode=disable`
}
