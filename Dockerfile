# Recurrence in one image: the API and the web app, started by scripts/start.mjs.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm install -g npm@11
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && NEXT_TELEMETRY_DISABLED=1 npx turbo run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /app /app
EXPOSE 3000
CMD ["node", "scripts/start.mjs"]
