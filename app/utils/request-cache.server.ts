// A cache that lives for one HTTP request. Remix hands each loader of a request its own Request
// object, so a WeakMap on the request cannot share work between the root and route loaders;
// server/index.ts runs every request inside this AsyncLocalStorage instead. It is kept on
// globalThis because the server and the Remix build load this module separately.
import { AsyncLocalStorage } from 'node:async_hooks'

const KEY = Symbol.for('aula.requestCache')
type Store = Map<string, unknown>

const storage: AsyncLocalStorage<Store> = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new AsyncLocalStorage<Store>()) as AsyncLocalStorage<Store>

export function runWithRequestCache<T>(work: () => T): T {
  return storage.run(new Map(), work)
}

/** The value for `key` computed once per request (or every time outside a request, e.g. in tests). */
export function perRequest<T>(key: string, compute: () => T): T {
  const store = storage.getStore()
  if (!store) return compute()
  if (!store.has(key)) store.set(key, compute())
  return store.get(key) as T
}

/** What was stored for `key` on this request (perRequest), without computing it. */
export function perRequestPeek<T>(key: string): T | undefined {
  return storage.getStore()?.get(key) as T | undefined
}
