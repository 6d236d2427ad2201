// The number convention a lesson is being rendered with (ADR 030). The build renders each lesson that
// holds quantities once per convention; every component rendered at build time (Num, charts, tables)
// reads the convention here instead of guessing it, so one pre-rendered file shows one convention.
import { createContext, useContext } from 'react'
import { useTranslation } from 'react-i18next'
import { type Lang } from '#app/utils/i18n.ts'
import { defaultConvention, formatNum, type NumberConvention } from './numbers.ts'

/** Null outside a lesson render: components then use the language default. */
export const NumberConventionContext = createContext<NumberConvention | null>(null)

/** The convention and a formatter for the lesson being rendered: format("92.9", "%") → "92,9 %". */
export function useNumberConvention() {
  const { i18n } = useTranslation()
  const lang: Lang = i18n.language === 'es' ? 'es' : 'en'
  const convention = useContext(NumberConventionContext) ?? defaultConvention(lang)
  return {
    lang,
    convention,
    format: (value: string, unit?: string) => formatNum(value, unit, lang, convention),
  }
}

/**
 * <Num value="92.9" unit="%" />: a quantity in the reader's convention, as plain text. It never
 * breaks across lines: its only space is the no-break space before "%".
 */
export function Num({ value, unit }: { value: string; unit?: string }) {
  const { format } = useNumberConvention()
  return <>{format(String(value), unit)}</>
}
