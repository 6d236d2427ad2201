# syntax=docker/dockerfile:1
# Aula's production image (docs/deploy.md):
#   docker build -t aula .
#   docker run --env-file /etc/aula.env -p 3000:3000 aula
# Stages: `deps` has the project's npm and what `npm ci` runs (patch-package's patches, and
# prisma generate's schema and config); `build` installs every dependency and runs
# `npm run build`; `production-deps` installs the production dependencies only; `runtime` holds
# those, the build output, the courses, the migrations and config/, and runs `npm start` as the `node` user.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS deps
# npm 11 honours package.json's allowScripts (which install scripts may run), as in development.
ARG NPM_VERSION=11.19.1
RUN npm install --global npm@${NPM_VERSION} && npm cache clean --force
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY patches ./patches
COPY prisma ./prisma
COPY server ./server

FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM deps AS production-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY package.json prisma.config.ts ./
# Migrations (applied by `npm start`, or `npm run db:migrate`) and what prisma.config.ts loads.
COPY prisma ./prisma
COPY server ./server
# The certificate issuer (ISSUER_CONFIG): replace it, or mount your own over it.
COPY config ./config
COPY --from=build /app/build ./build
COPY --from=build /app/content-build ./content-build
# The courses' source files: the start imports them as published versions (ADR 034 §2), and
# courses:export writes a version back in this format.
COPY --from=build /app/courses ./courses
# The one folder the app may write to (development-only mail folder and key file; nothing in
# production with SMTP_URL and CREDENTIAL_SIGNING_KEY set).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "start"]
