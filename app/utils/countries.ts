// ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames in the UI language, so the
// list needs no translation files and follows CLDR.
export const COUNTRY_CODES = [
  'AD','AE','AF','AG','AI','AL','AM','AO','AQ','AR','AS','AT','AU','AW','AX','AZ','BA','BB','BD','BE','BF','BG','BH','BI','BJ','BL','BM','BN','BO','BQ','BR','BS','BT','BV','BW','BY','BZ','CA','CC','CD','CF','CG','CH','CI','CK','CL','CM','CN','CO','CR','CU','CV','CW','CX','CY','CZ','DE','DJ','DK','DM','DO','DZ','EC','EE','EG','EH','ER','ES','ET','FI','FJ','FK','FM','FO','FR','GA','GB','GD','GE','GF','GG','GH','GI','GL','GM','GN','GP','GQ','GR','GS','GT','GU','GW','GY','HK','HM','HN','HR','HT','HU','ID','IE','IL','IM','IN','IO','IQ','IR','IS','IT','JE','JM','JO','JP','KE','KG','KH','KI','KM','KN','KP','KR','KW','KY','KZ','LA','LB','LC','LI','LK','LR','LS','LT','LU','LV','LY','MA','MC','MD','ME','MF','MG','MH','MK','ML','MM','MN','MO','MP','MQ','MR','MS','MT','MU','MV','MW','MX','MY','MZ','NA','NC','NE','NF','NG','NI','NL','NO','NP','NR','NU','NZ','OM','PA','PE','PF','PG','PH','PK','PL','PM','PN','PR','PS','PT','PW','PY','QA','RE','RO','RS','RU','RW','SA','SB','SC','SD','SE','SG','SH','SI','SJ','SK','SL','SM','SN','SO','SR','SS','ST','SV','SX','SY','SZ','TC','TD','TF','TG','TH','TJ','TK','TL','TM','TN','TO','TR','TT','TV','TW','TZ','UA','UG','UM','US','UY','UZ','VA','VC','VE','VG','VI','VN','VU','WF','WS','YE','YT','ZA','ZM','ZW',
] as const
export type CountryCode = (typeof COUNTRY_CODES)[number]

export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === 'string' && (COUNTRY_CODES as readonly string[]).includes(value)
}

const displayNames = new Map<string, Intl.DisplayNames>()

export function countryName(code: string, lang: string): string {
  try {
    // One formatter per language: building one per call dominated a 1,000-row CSV export.
    let names = displayNames.get(lang)
    if (!names) displayNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region' })))
    return names.of(code) ?? code
  } catch {
    return code
  }
}

/** Countries sorted by their name in `lang` (accents sorted the way that language does). */
const optionsByLang = new Map<string, Array<{ code: CountryCode; name: string }>>()

export function countryOptions(lang: string): Array<{ code: CountryCode; name: string }> {
  // The same for every request in a language: built once (the people filters ask on every page).
  const cached = optionsByLang.get(lang)
  if (cached) return cached
  const names = new Intl.DisplayNames([lang], { type: 'region' })
  const collator = new Intl.Collator(lang)
  const options = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name))
  optionsByLang.set(lang, options)
  return options
}
