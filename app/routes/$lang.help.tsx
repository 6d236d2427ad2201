// The operator's help page (config/legal, ADR 024), in the page's language.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LegalDocumentPage } from '#app/legal/legal-document.tsx'
import { legalPage } from '#app/legal/legal.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { langParam } from '#app/utils/lang.server.ts'

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, 'common:legal.help.title', 'common:legal.help.description')

export async function loader({ params }: LoaderFunctionArgs) {
  return legalPage('help', langParam(params))
}

export default function HelpPage() {
  return <LegalDocumentPage document="help" page={useLoaderData<typeof loader>()} />
}
