// `/`: to the visitor's language: their saved preference, else the last language used (cookie),
// else the browser's Accept-Language, else English.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '#app/accounts/auth.server.ts'
import { detectLang } from '#app/utils/i18n.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const lang = user?.preferredLocale ?? (await detectLang(request))
  throw redirect(`/${lang}`, { headers: { Vary: 'Cookie, Accept-Language' } })
}
