# syntax=docker/dockerfile:1
# Build context: repository root (see docker/compose.yaml).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
ENV NX_DAEMON=false NX_NO_CLOUD=true SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY . .
RUN npx nx build api

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund
COPY --from=build /repo/dist/apps/api ./dist/apps/api
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
