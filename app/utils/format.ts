/** A price in the given currency, for the reader's locale (e.g. "USD 49.00", "USD 49,00"). */
export function formatPrice(locale: string, cents: number, currency: string) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' }).format(cents / 100)
}
