import { expect, test } from 'vitest'
import { convertLesson, findQuantities, lessonQuantities, maskMdx } from './quantities.ts'
import { convertQuizYaml, quizNumberProblems } from './quiz-quantities.server.ts'

const NBSP = '\u00A0'
const found = (text: string, lang: 'en' | 'es') => findQuantities(text, lang).map((q) => [q.text, q.value, q.unit])

test('Spanish: grouped numbers, decimal commas and a decimal point before % are quantities', () => {
  expect(found(`la cifra negra fue del 92,9${NBSP}%, con 12 750 000 habitantes y 2.400.000 hogares`, 'es')).toEqual([
    [`92,9${NBSP}%`, '92.9', '%'],
    ['12 750 000', '12750000', undefined],
    ['2.400.000', '2400000', undefined],
  ])
  expect(found('una tasa de 12,5 y 27 337,25; en México, 92.9 %', 'es')).toEqual([
    ['12,5', '12.5', undefined],
    ['27 337,25', '27337.25', undefined],
    ['92.9 %', '92.9', '%'],
  ])
  expect(found('bajó a = −1,9 víctimas', 'es')).toEqual([['−1,9', '-1.9', undefined]])
})

test('English: comma-grouped numbers and decimals are quantities', () => {
  expect(found('1,530 victims in 12,750,000 people: 12.0 per 100,000, or 0.161 (16.1%)', 'en')).toEqual([
    ['1,530', '1530', undefined],
    ['12,750,000', '12750000', undefined],
    ['12.0', '12.0', undefined],
    ['100,000', '100000', undefined],
    ['0.161', '0.161', undefined],
    ['16.1%', '16.1', '%'],
  ])
})

test('codes, years, citations, sections and versions are never quantities', () => {
  const en =
    'ICCS 0101 and 01031, indicator 16.1.1 and target 16.1, Target **16.1**, ICD-10 X85–Y09 and Y87.1, ' +
    'the year 2023, resolution 1984/48, ISBN 978-92-1-148300-7, Version 1.0, section 2.3, pp. 12.4, 90 %/95 % and 5000.'
  expect(found(en, 'en')).toEqual([])
  const es =
    'la ICCS 0101, el indicador 16.1.1 y la meta 16.1, CIE-10 X85–Y09, en 2023, resolución 1984/48, ' +
    '*Versión 1.0*, sección 2.3, los 12 meses, 90 % y 5000 personas.'
  expect(found(es, 'es')).toEqual([])
})

test('lessons: nothing in frontmatter, code, math, tags, links or existing markup is touched', () => {
  const source = [
    '---',
    'title: La meta 16.1 y 12,5',
    '---',
    'Texto con 92,9 % y `12,5` y $7{,}072\\,\\%$ y <WorkedExample title="Tasa de 12,5">1 530</WorkedExample>.',
    'Un [enlace](https://example.org/a/12,5) y <Num value="92.9" unit="%" />.',
  ].join('\n')
  expect(lessonQuantities(source, 'es').map((q) => [q.text, q.line])).toEqual([
    ['92,9 %', 4],
    ['1 530', 4],
  ])
  expect(maskMdx(source)).toHaveLength(source.length)
  const once = convertLesson(source, 'es')
  expect(once.count).toBe(2)
  expect(once.source).toContain('Texto con <Num value="92.9" unit="%" /> y `12,5`')
  expect(once.source).toContain('<WorkedExample title="Tasa de 12,5"><Num value="1530" /></WorkedExample>')
  // Safe to re-run.
  expect(convertLesson(once.source, 'es')).toEqual({ source: once.source, count: 0 })
})

test('quiz YAML: reported with their line, rewritten in place with the quoting kept, and re-running changes nothing', () => {
  const yaml = [
    'questions:',
    '  - id: rate',
    '    prompt:',
    '      en: "Country B records 1,530 victims (ICCS 0101, SDG 16.1.1) in 2023."',
    "      es: 'El país B registra 1 530 víctimas (ICCS 0101, ODS 16.1.1) en 2023.'",
    '    unit: { en: "per 100,000", es: "por cada 100 000" }',
    '    explanation:',
    '      en: Rate = 12.0, i.e. 0.012%',
    '      es: "<Num value=\'12,0\' />"',
  ].join('\n')
  expect(quizNumberProblems(yaml).map((p) => p.line)).toEqual([9, 4, 5, 6, 6, 8, 8])
  const { text, count, skipped } = convertQuizYaml(yaml)
  expect(skipped).toEqual([])
  expect(count).toBe(6)
  expect(text).toContain(`en: "Country B records <Num value='1530' /> victims (ICCS 0101, SDG 16.1.1) in 2023."`)
  expect(text).toContain(`es: 'El país B registra <Num value="1530" /> víctimas (ICCS 0101, ODS 16.1.1) en 2023.'`)
  expect(text).toContain(`unit: { en: "per <Num value='100000' />", es: "por cada <Num value='100000' />" }`)
  expect(text).toContain('en: Rate = <Num value="12.0" />, i.e. <Num value="0.012" unit="%" />')
  expect(convertQuizYaml(text)).toEqual({ text, count: 0, skipped: [] })
})
