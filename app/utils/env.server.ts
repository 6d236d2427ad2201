// The environment, validated once at start-up. A bad variable stops the server with one line
// that names it. Defaults let a fresh clone run offline in development; production refuses an
// unsafe configuration instead of falling back to those defaults
// (docs/decisions/011-production-refuses-unsafe-configuration.md).
import path from 'node:path'
import { z } from 'zod'
import { parsePrivateJwk, readPrivateJwkFile } from '#app/certificates/signing-key.server.ts'

// Published in this repository: fine for development and tests, refused in production.
const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me'
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]']

const booleanString = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1')

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value)

// The site's public origin: scheme, host and port. Every absolute URL is built on it (appUrl).
const AppUrlSchema = z
  .string()
  .url()
  .superRefine((value, ctx) => {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must start with https:// (or http://)' })
    } else if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be the site's origin only, like https://aula.example.org (no path, query or user)",
      })
    }
  })
  .transform((value) => new URL(value).origin)

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    // Unset: the server starts the embedded PostgreSQL and sets this itself (in production
    // only with EMBEDDED_DATABASE_IN_PRODUCTION=true).
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
      .optional(),
    EMBEDDED_DATABASE_IN_PRODUCTION: booleanString,
    // Set by the server when it started the embedded database (one session: pool of 1).
    AULA_EMBEDDED_DB: booleanString,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    // Comma-separated; the first signs new cookies, all are accepted (rotation). Outside
    // production it defaults to a published development secret.
    SESSION_SECRET: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .refine(
          (value) => value.split(',').every((s) => s.trim().length >= 16),
          'must be at least 16 characters (each, when rotating: new,old)',
        )
        .optional(),
    ),
    HONEYPOT_SECRET: z.string().min(16).optional(),
    // The public origin, from which every absolute URL is made (mail, checkout, certificates,
    // credentials). Default: the address the server listens on, http://localhost:$PORT.
    // Required in production. https makes every cookie Secure.
    APP_URL: z.preprocess(emptyAsUnset, AppUrlSchema.optional()),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Demo accounts (published password) into DATABASE_URL at start; refused in production.
    SEED_DEMO_DATA: booleanString,
    // smtp://user:pass@host:587 ; unset: mail is written to OUTBOX_DIR instead of sent.
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Aula <no-reply@aula.example>'),
    OUTBOX_DIR: z.string().default('data/outbox'),
    // Trust X-Forwarded-For for the client IP (only behind a proxy you run).
    TRUST_PROXY: booleanString,
    // Worker processes for `npm start` against PostgreSQL (the embedded database forces 1).
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SLOW_QUERY_MS: z.coerce.number().int().min(0).default(200),
    // Certificates. The issuer (name, address, logo, signatory): a YAML file, see config/issuer.yaml.
    ISSUER_CONFIG: z.string().default('config/issuer.yaml'),
    // The operator, privacy notice and terms of use: a folder like config/legal (ADR 024).
    LEGAL_CONFIG_DIR: z.string().default('config/legal'),
    // The private Ed25519 JWK (JSON) that signs credentials. Required in production; in
    // development a key is generated once into CREDENTIAL_KEY_FILE.
    CREDENTIAL_SIGNING_KEY: z.string().optional(),
    CREDENTIAL_KEY_FILE: z.string().optional(),
    // Public JWKs (a JSON array) of earlier signing keys, still published after a rotation.
    CREDENTIAL_RETIRED_KEYS: z.string().optional(),
    // Turns the rate limits off (tests that must sign up many accounts from one IP).
    DISABLE_RATE_LIMITS: booleanString,
    // Payments (docs/decisions/008-payments-offline-stripe.md). Real Stripe: both keys. Offline:
    // STRIPE_OFFLINE=true (the default in development when no key is set; never in production
    // unless set), Stripe's API served by MSW and a local stand-in for the checkout page.
    // Neither: paid courses take enrolment requests for administrators.
    // An empty value (`STRIPE_SECRET_KEY=` in .env) counts as unset.
    STRIPE_SECRET_KEY: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_live_…, sk_test_… or rk_…)')
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'must be the signing secret of the webhook endpoint (whsec_…)')
        .optional(),
    ),
    STRIPE_OFFLINE: z
      .enum(['true', 'false', '1', '0', ''])
      .optional()
      .transform((value) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1')),
  })
  .superRefine((env, ctx) => {
    const refuse = (variable: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message })
    const production = env.NODE_ENV === 'production'
    if (production) {
      if (!env.DATABASE_URL && !env.EMBEDDED_DATABASE_IN_PRODUCTION) {
        refuse(
          'DATABASE_URL',
          'must be set in production (your PostgreSQL); to run production on the embedded database on purpose, ' +
            'set EMBEDDED_DATABASE_IN_PRODUCTION=true',
        )
      }
      if (!env.SESSION_SECRET) {
        refuse(
          'SESSION_SECRET',
          'must be set in production to a random secret of your own ' +
            '(at least 16 characters; e.g. `openssl rand -hex 32`)',
        )
      } else if (env.SESSION_SECRET.split(',').some((s) => s.trim() === DEV_SESSION_SECRET)) {
        refuse(
          'SESSION_SECRET',
          'is the published development default: anyone could sign a session cookie; set a random secret of your own',
        )
      }
      if (!env.APP_URL) {
        refuse(
          'APP_URL',
          "must be set in production to the site's public address (https://…): mail links, checkout and certificates " +
            'are built from it',
        )
      }
      if (env.SEED_DEMO_DATA) {
        refuse(
          'SEED_DEMO_DATA',
          'must not be true in production: the demo accounts, an administrator among them, share a published password',
        )
      }
      // Production never generates a signing key: a key made on one machine and lost with it
      // would leave every credential it signed unverifiable.
      if (!env.CREDENTIAL_SIGNING_KEY) {
        const file = env.CREDENTIAL_KEY_FILE
        const found = file ? readPrivateJwkFile(path.resolve(file)) : null
        if (!file) {
          refuse(
            'CREDENTIAL_SIGNING_KEY',
            'must be set in production (a private Ed25519 JWK from `npm run credentials:key`; ' +
              'or CREDENTIAL_KEY_FILE naming a file that holds one)',
          )
        } else if (found === 'missing') {
          refuse(
            'CREDENTIAL_KEY_FILE',
            `names ${file}, which cannot be read; production never generates a signing key ` +
              '(npm run credentials:key makes one)',
          )
        } else if (found === 'invalid') {
          refuse('CREDENTIAL_KEY_FILE', `names ${file}, which does not hold a private Ed25519 JWK`)
        }
      }
    }
    if (env.CREDENTIAL_SIGNING_KEY && !parsePrivateJwk(env.CREDENTIAL_SIGNING_KEY)) {
      refuse(
        'CREDENTIAL_SIGNING_KEY',
        'must be a private Ed25519 JWK on one line (kty OKP, crv Ed25519, x, d): `npm run credentials:key` makes one',
      )
    }
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      refuse(
        env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY',
        'set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together (or neither)',
      )
    }
    // The offline stand-in lets anyone "pay" with a click: in production only on a local address
    // (the end-to-end servers), never on a public site.
    const local = LOCAL_HOSTS.includes(new URL(env.APP_URL ?? 'http://localhost').hostname)
    if (env.STRIPE_OFFLINE && production && !local) {
      refuse(
        'STRIPE_OFFLINE',
        'cannot be true in production on a public address (APP_URL): anyone could enrol in paid courses without paying',
      )
    }
    if (env.STRIPE_OFFLINE && env.STRIPE_SECRET_KEY) {
      refuse('STRIPE_OFFLINE', 'cannot be true while Stripe keys are set: choose real Stripe or the offline stand-in')
    }
  })
  // Defaults that depend on other variables, applied once the checks above have passed.
  .transform((env) => ({
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}`,
  }))

export type Env = z.infer<typeof EnvSchema>

let parsed: Env | undefined

/** Validates process.env; throws an Error with one line per bad variable, naming it. */
export function init(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `Invalid environment variable ${issue.path.join('.')}: ${issue.message}; see .env.example`,
    )
    throw new Error(lines.join('\n'))
  }
  parsed = result.data
  return parsed
}

export function env(): Env {
  return parsed ?? init()
}

export type PaymentsMode = 'stripe' | 'offline' | 'none'

/**
 * How paid courses are sold: real Stripe (both keys set), offline (Stripe's API served by MSW,
 * a local checkout page; the default in development only), or none (enrolment requests).
 */
export function paymentsMode(config: Env = env()): PaymentsMode {
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET) return 'stripe'
  const offline = config.STRIPE_OFFLINE ?? config.NODE_ENV === 'development'
  return offline ? 'offline' : 'none'
}

/** An absolute URL on this site: the one way to make one (mail, checkout, certificates, credentials). */
export function appUrl(pathname: string, config: Env = env()): string {
  return new URL(pathname, config.APP_URL).toString()
}

/** Whether the site is served over https (APP_URL): then every cookie is Secure and HSTS is sent. */
export function servedOverHttps(config: Env = env()): boolean {
  return config.APP_URL.startsWith('https:')
}

/** A public site on plain http (production with an http APP_URL that is not this machine). */
export function publicOverHttp(config: Env = env()): boolean {
  const local = LOCAL_HOSTS.includes(new URL(config.APP_URL).hostname)
  return config.NODE_ENV === 'production' && !servedOverHttps(config) && !local
}
