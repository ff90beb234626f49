# syntax=docker/dockerfile:1
# Build context: repository root (see docker/compose.yaml).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
ENV NX_DAEMON=false NX_NO_CLOUD=true SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY . .
RUN npx nx build worker

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund
# main.js loads the prebuilt workflow-bundle.js that sits next to it.
COPY --from=build /repo/dist/apps/worker ./dist/apps/worker
USER node
CMD ["node", "dist/apps/worker/main.js"]
