// A course's glossary: every key term with its definition in the page's language, the term in the
// other language, and the lessons that use it. Each key term in a lesson links to its entry here.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUser } from '#app/accounts/auth.server.ts'
import { requireVisibleCourse } from '#app/content/access.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { LANGS } from '#app/utils/i18n.ts'
import { useLang } from '#app/root.tsx'
import { langParam } from '#app/utils/lang.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.heading} · Aula` }, { name: 'description', content: data.course.summary }] : []

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await getUser(request)
  const course = requireVisibleCourse(user, params.course)
  const other = LANGS.find((l) => l !== lang)!
  const collator = new Intl.Collator(lang, { sensitivity: 'base' })
  const terms = Object.entries(course.glossary)
    .map(([id, entry]) => ({
      id,
      term: entry[lang].term,
      definition: entry[lang].definition,
      otherTerm: entry[other].term,
      lessons: course.modules.flatMap((m) =>
        m.lessons
          .filter((l) => l.locales[lang].keyTerms.includes(id))
          .map((l) => ({ href: `/${lang}/courses/${course.id}/${l.id}`, title: l.locales[lang].title })),
      ),
    }))
    .sort((a, b) => collator.compare(a.term, b.term))
  const t = getT(lang, 'lesson')
  return {
    heading: t('glossary.title', { course: course.title[lang] }),
    other,
    course: { id: course.id, title: course.title[lang], summary: course.summary[lang] },
    terms,
  }
}

export default function GlossaryPage() {
  const { heading, course, terms, other } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['lesson', 'catalog'])
  const lang = useLang()
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <nav aria-label={t('catalog:breadcrumb')} className="text-sm">
        <Link to={`/${lang}/courses/${course.id}`} className="text-brand-700 underline">
          {course.title}
        </Link>
      </nav>
      <h1 className="mt-4 text-3xl font-bold">{heading}</h1>
      <p className="mt-2 text-slate-700">{t('glossary.intro', { count: terms.length })}</p>
      {terms.length === 0 ? (
        <p className="mt-6">{t('glossary.none')}</p>
      ) : (
        <dl className="mt-8 space-y-6">
          {terms.map((term) => (
            <div
              key={term.id}
              className="target:border-brand-600 target:bg-brand-50 scroll-mt-4 rounded-md border border-slate-200 p-4"
              id={`term-${term.id}`}
            >
              <dt className="text-lg font-semibold">
                <dfn className="not-italic">{term.term}</dfn>{' '}
                <span className="text-sm font-normal text-slate-700">
                  ({t(`glossary.in.${other}`)}: <span lang={other}>{term.otherTerm}</span>)
                </span>
              </dt>
              <dd className="mt-1">{term.definition}</dd>
              {term.lessons.length ? (
                <dd className="mt-2 text-sm text-slate-700">
                  {t('glossary.usedIn')}{' '}
                  {term.lessons.map((l, i) => (
                    <span key={l.href}>
                      {i > 0 ? ', ' : ''}
                      <Link to={l.href} className="text-brand-700 underline">
                        {l.title}
                      </Link>
                    </span>
                  ))}
                </dd>
              ) : null}
            </div>
          ))}
        </dl>
      )}
    </div>
  )
}
