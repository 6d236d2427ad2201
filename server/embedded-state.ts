// The embedded database's supervision state, shared between the server entry (which supervises
// PostgreSQL) and the Remix build's /healthz route: they are separate bundles, so the value lives
// on globalThis. Undefined when the app runs on a DATABASE_URL of its own.
const KEY = Symbol.for('aula.embeddedDatabaseState')
type Holder = { [KEY]?: string }

export function setEmbeddedDatabaseState(state: string) {
  ;(globalThis as Holder)[KEY] = state
}

export function embeddedDatabaseState(): string | undefined {
  return (globalThis as Holder)[KEY]
}
