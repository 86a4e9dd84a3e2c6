# Recurrence's images, one Dockerfile with a target per service (docker-compose.yml builds each):
#   api      the Fastify API (the front door behind the compose file's proxy; hands pages to `web`)
#   web      the Next.js standalone server (pages only; it calls the API at API_ORIGIN)
#   worker   a PostgreSQL-mode lab worker (pg-boss); run any number
#   migrate  applies pending migrations and exits (runs once before the API starts)
# Build one: docker build --target worker -t recurrence-worker .   (without --target: the api, the last stage).
# Runtime stages run as the unprivileged `node` user with NODE_ENV=production and no dev dependencies; no secret is
# baked in (DATABASE_URL and the rest come from the environment at run time).
# Hosts that cannot pull node:20-bookworm-slim build a local one: scripts/docker/build-base-images.sh.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- the workspace manifests and a compiler for native modules without a reachable prebuilt (better-sqlite3) ---
FROM ${NODE_IMAGE} AS manifests
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CI=1
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/deck/package.json packages/deck/
COPY packages/lab/package.json packages/lab/
COPY packages/srs/package.json packages/srs/
COPY packages/transfer/package.json packages/transfer/
COPY prisma/package.json prisma/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY docker/package.json docker/

# --- build: every dependency, then the API bundle (dist/) and the web app's standalone output ---
FROM manifests AS build
RUN npm ci --no-audit --no-fund
# Only what the builds read, so that a change to docs, tests or scripts does not rebuild the images.
COPY tsconfig.base.json ./
COPY prisma ./prisma
COPY packages ./packages
COPY apps/api ./apps/api
COPY apps/web ./apps/web
RUN npm run generate -w @recurrence/prisma \
 && npm run build -w @recurrence/api \
 && NEXT_OUTPUT=standalone npm run build -w @recurrence/web \
 && cp -r apps/web/.next/static apps/web/.next/standalone/apps/web/.next/static

# --- the API's production dependencies only (no Next.js, no dev tools) ---
FROM manifests AS api-deps
# The native TensorFlow packages are optional and cannot work without libtensorflow (not downloaded here): the CPU
# images train on the wasm backend. The Prisma CLI and its studio are peers of @prisma/client not used at run time;
# nor are source maps, type declarations, or Prisma's query compilers for databases other than SQLite and PostgreSQL.
# Install scripts are skipped: the only production dependency that has one is better-sqlite3, whose native module
# the build stage compiled already (copied below).
RUN npm ci --omit=dev --workspace=@recurrence/api --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@tensorflow/tfjs-node node_modules/@tensorflow/tfjs-node-gpu node_modules/@tensorflow/tfjs \
      node_modules/@tensorflow/tfjs-layers node_modules/@tensorflow/tfjs-converter node_modules/@tensorflow/tfjs-data \
      node_modules/@tensorflow/tfjs-backend-webgl node_modules/prisma node_modules/@prisma/studio-core \
      node_modules/@prisma/dev node_modules/typescript node_modules/react-dom node_modules/@electric-sql \
      node_modules/.bin \
 && find node_modules \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -type f -delete \
 && rm -f node_modules/@prisma/client/runtime/*mysql* node_modules/@prisma/client/runtime/*sqlserver* \
      node_modules/@prisma/client/runtime/*cockroachdb* \
 && rm -rf apps/web e2e bench \
 && rm -rf /root/.npm /tmp/*
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node ./node_modules/better-sqlite3/build/Release/better_sqlite3.node

# --- what the api, worker and migrate images share: the bundle, its dependencies, migrations and decks ---
FROM ${NODE_IMAGE} AS server-base
ENV NODE_ENV=production
WORKDIR /app
COPY --from=api-deps /app/package.json ./package.json
COPY --from=api-deps /app/node_modules ./node_modules
COPY --from=api-deps /app/packages ./packages
COPY --from=build /app/apps/api/package.json ./apps/api/package.json
COPY --from=build /app/apps/api/dist ./apps/api/dist
COPY --from=build /app/prisma/package.json /app/prisma/models.prisma ./prisma/
COPY --from=build /app/prisma/postgresql ./prisma/postgresql
COPY --from=build /app/prisma/sqlite ./prisma/sqlite
COPY --from=build /app/packages/deck/content ./packages/deck/content
# The embedded SQLite default keeps its database in /app/data (mount a volume there); PostgreSQL needs no disk.
RUN mkdir -p /app/data && chown node:node /app/data

FROM server-base AS worker
USER node
ENV LAB_WORKER_HEARTBEAT_FILE=/tmp/lab-worker-alive
# Alive while the worker's event loop touches its heartbeat file (every 10 s); training runs in a worker thread.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const f=process.env.LAB_WORKER_HEARTBEAT_FILE;process.exit(Date.now()-require('fs').statSync(f).mtimeMs<45000?0:1)"]
CMD ["node", "apps/api/dist/lab-queue-worker.js"]

FROM server-base AS migrate
USER node
# Runs once and exits: nothing to check.
HEALTHCHECK NONE
CMD ["node", "apps/api/dist/migrate.js"]

# --- web: Next.js's standalone server and its traced dependencies (~50 MB), nothing else ---
FROM ${NODE_IMAGE} AS web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3001
WORKDIR /app
COPY --from=build /app/apps/web/.next/standalone ./
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3001)+'/sign-in',{redirect:'manual'}).then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))"]
CMD ["node", "apps/web/server.js"]

# The last stage, so that a plain `docker build .` gives the API.
FROM server-base AS api
USER node
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/api/dist/server.js"]
