import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    requestId: string
    clientIp: string
    /** A page's document (not a client-side navigation's data): static HTML is sent as markup only. */
    documentRequest: boolean
    /** Static HTML a loader keeps for this document's server render (app/components/static-html.tsx). */
    staticHtml: Map<string, string>
  }
}
