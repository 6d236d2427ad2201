// What the Studio toolbar inserts: each course component (docs/course-format.md; the attributes
// of COMPONENT_ATTRIBUTES in mdx-safety.server.ts) as a snippet that compiles, using the course's
// own glossary, quiz, exercise, dataset and asset ids where it has them.
import { type Lang } from '#app/utils/i18n.ts'

export const COMPONENT_KINDS = [
  'keyTerm',
  'callout',
  'workedExample',
  'formula',
  'figure',
  'table',
  'number',
  'chart',
  'dataset',
  'exercise',
  'quiz',
] as const
export type ComponentKind = (typeof COMPONENT_KINDS)[number]

/** The course's ids the snippets use (the first of each kind); null where the course has none. */
export type SnippetIds = {
  glossary: string | null
  quiz: string | null
  exercise: string | null
  dataset: { id: string; x: string; y: string } | null
  asset: string | null
}

const WORDS = {
  en: {
    term: 'term',
    text: 'Text of the note.',
    example: 'Computing a rate',
    problem: 'The problem, with its data.',
    solution: 'The worked solution, step by step, with the answer.',
    alt: 'What the image shows',
    caption: 'Caption',
    table: 'Victims by region (invented data)',
    region: 'Region',
    victims: 'Victims',
    north: 'North',
    chart: 'Title of the chart',
    description: 'What the chart shows',
  },
  es: {
    term: 'término',
    text: 'Texto de la nota.',
    example: 'Cálculo de una tasa',
    problem: 'El problema, con sus datos.',
    solution: 'La solución, paso a paso, con la respuesta.',
    alt: 'Lo que muestra la imagen',
    caption: 'Leyenda',
    table: 'Víctimas por región (datos inventados)',
    region: 'Región',
    victims: 'Víctimas',
    north: 'Norte',
    chart: 'Título del gráfico',
    description: 'Lo que muestra el gráfico',
  },
} satisfies Record<Lang, Record<string, string>>

/** An attribute value in double quotes: MDX reads character references in it, so `"` and `&` are written as references. */
const quoted = (value: string) => `"${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`

/** The Figure form's answer: an image of the course's assets/ with its alt text and an optional caption. */
export function figureSnippet(figure: { src: string; alt: string; caption?: string }): string {
  const caption = figure.caption ? ` caption=${quoted(figure.caption)}` : ''
  return `<Figure src=${quoted(figure.src)} alt=${quoted(figure.alt)}${caption} />`
}

/** The snippet of one component in the lesson's language, as whole lines (block components) or inline. */
export function componentSnippet(kind: ComponentKind, locale: Lang, ids: SnippetIds): { text: string; block: boolean } {
  const w = WORDS[locale]
  switch (kind) {
    case 'keyTerm':
      return { text: `<KeyTerm id="${ids.glossary ?? 'glossary-id'}">${w.term}</KeyTerm>`, block: false }
    case 'callout':
      return { text: `<Callout type="note">${w.text}</Callout>`, block: true }
    case 'workedExample':
      return {
        text: `<WorkedExample title="${w.example}">\n${w.problem}\n\n<Solution>\n${w.solution}\n</Solution>\n</WorkedExample>`,
        block: true,
      }
    case 'formula':
      return { text: '<Formula tex="r = \\frac{V}{P} \\times 100\\,000" />', block: true }
    case 'figure':
      return {
        text: `<Figure src="assets/${ids.asset ?? 'image.png'}" alt="${w.alt}" caption="${w.caption}" />`,
        block: true,
      }
    case 'table':
      return {
        text: `<DataTable caption="${w.table}">\n\n| ${w.region} | ${w.victims} |\n| ------ | ------: |\n| ${w.north} | 120 |\n\n</DataTable>`,
        block: true,
      }
    case 'number':
      return { text: '<Num value="92.9" unit="%" />', block: false }
    case 'chart': {
      const d = ids.dataset ?? { id: 'dataset-id', x: 'year', y: 'value' }
      return {
        text: `<Chart dataset="${d.id}" type="line" x="${d.x}" y="${d.y}" title="${w.chart}" description="${w.description}" />`,
        block: true,
      }
    }
    case 'dataset':
      return { text: `<Dataset id="${ids.dataset?.id ?? 'dataset-id'}" />`, block: true }
    case 'exercise':
      return { text: `<Quiz id="${ids.exercise ?? 'exercise-id'}" />`, block: true }
    case 'quiz':
      return { text: `<Quiz id="${ids.quiz ?? 'quiz-id'}" />`, block: true }
  }
}
