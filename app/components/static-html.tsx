// Pre-rendered HTML (a lesson's text) sent once. On a document request the page's markup carries it,
// so the loader data holds only a reference: the server render takes the HTML from the request's
// load context (entry.server.tsx provides it), and the browser, hydrating, keeps what the server
// sent (read from the DOM once). On a client-side navigation (a data request) there is no markup,
// and the loader data carries the HTML itself. Before, the lesson text travelled twice in every
// page, the second time escaped inside a script (ADR 027 §6).
import { createContext, useContext, useState, type HTMLAttributes } from 'react'

/** The HTML a loader kept for the server render, by reference. */
export const StaticHtmlContext = createContext<Map<string, string> | null>(null)

export type StaticHtmlPart = { html: string } | { htmlRef: string }

/** What a loader sends for a piece of static HTML (see the top of this file). */
export function sendOnce(
  context: { documentRequest?: boolean; staticHtml?: Map<string, string> },
  ref: string,
  html: string,
): StaticHtmlPart {
  if (!context.documentRequest || !context.staticHtml) return { html }
  context.staticHtml.set(ref, html)
  return { htmlRef: ref }
}

export function StaticHtml({
  piece,
  ...props
}: { piece: StaticHtmlPart } & Omit<HTMLAttributes<HTMLDivElement>, 'dangerouslySetInnerHTML'>) {
  const kept = useContext(StaticHtmlContext)
  const ref = 'htmlRef' in piece ? piece.htmlRef : undefined
  // Read once: on the server from the load context, in the browser from the markup being hydrated.
  const [referenced] = useState(() =>
    ref === undefined
      ? ''
      : (kept?.get(ref) ??
        (typeof document === 'undefined'
          ? ''
          : (document.querySelector(`[data-html-ref="${CSS.escape(ref)}"]`)?.innerHTML ?? ''))),
  )
  return (
    <div
      {...props}
      data-html-ref={ref}
      dangerouslySetInnerHTML={{ __html: 'html' in piece ? piece.html : referenced }}
    />
  )
}
