// Every UI string, per language and namespace. The server bundles both languages; the
// browser receives only the page's language, as a cached script (utils/i18n-bundle.server.ts).
import enAccount from './en/account.json'
import enAdmin from './en/admin.json'
import enAuth from './en/auth.json'
import enCatalog from './en/catalog.json'
import enCertificates from './en/certificates.json'
import enCommon from './en/common.json'
import enHome from './en/home.json'
import enLesson from './en/lesson.json'
import enPayments from './en/payments.json'
import enQuiz from './en/quiz.json'
import enReports from './en/reports.json'
import enStudio from './en/studio.json'
import enTeach from './en/teach.json'
import enValidation from './en/validation.json'
import esAccount from './es/account.json'
import esAdmin from './es/admin.json'
import esAuth from './es/auth.json'
import esCatalog from './es/catalog.json'
import esCertificates from './es/certificates.json'
import esCommon from './es/common.json'
import esHome from './es/home.json'
import esLesson from './es/lesson.json'
import esPayments from './es/payments.json'
import esQuiz from './es/quiz.json'
import esReports from './es/reports.json'
import esStudio from './es/studio.json'
import esTeach from './es/teach.json'
import esValidation from './es/validation.json'

export const resources = {
  en: {
    common: enCommon,
    auth: enAuth,
    account: enAccount,
    admin: enAdmin,
    home: enHome,
    validation: enValidation,
    catalog: enCatalog,
    lesson: enLesson,
    quiz: enQuiz,
    certificates: enCertificates,
    payments: enPayments,
    reports: enReports,
    teach: enTeach,
    studio: enStudio,
  },
  es: {
    common: esCommon,
    auth: esAuth,
    account: esAccount,
    admin: esAdmin,
    home: esHome,
    validation: esValidation,
    catalog: esCatalog,
    lesson: esLesson,
    quiz: esQuiz,
    certificates: esCertificates,
    payments: esPayments,
    reports: esReports,
    teach: esTeach,
    studio: esStudio,
  },
} as const
