// Compiled lessons are hash-named ES modules (/content/lessons/<hash>.js), imported rather than
// evaluated, so the Content-Security-Policy needs no 'unsafe-eval'. The server registers the
// component it rendered; the browser imports the same module before hydrating (entry.client)
// or before a client-side navigation renders the lesson (the route's clientLoader).
import * as React from 'react'
import * as ReactDOM from 'react-dom'
import * as jsxRuntime from 'react/jsx-runtime'

export type LessonComponent = React.ComponentType<{ components?: Record<string, unknown> }>

const registry = new Map<string, LessonComponent>()

export function registerLesson(url: string, component: LessonComponent) {
  registry.set(url, component)
}

export function getLessonComponent(url: string): LessonComponent | undefined {
  return registry.get(url)
}

export async function importLesson(url: string): Promise<LessonComponent> {
  const known = registry.get(url)
  if (known) return known
  const mod = (await import(/* @vite-ignore */ url)) as { default: (...globals: unknown[]) => { default: LessonComponent } }
  const component = mod.default(React, ReactDOM, jsxRuntime).default
  registry.set(url, component)
  return component
}

/** Before hydration: import every lesson module the server-rendered page announced. */
export async function preloadAnnouncedLessons() {
  const links = document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"][data-lesson]')
  await Promise.all([...links].map((link) => importLesson(link.getAttribute('href')!)))
}
