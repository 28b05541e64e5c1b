# One image for the worker, the API and the codec server; compose picks the command.
# The API serves the operations console at /console, built here too.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json worker.ts ./
COPY src ./src
RUN npm run build
# The console: its API types from the route declarations in src (no server), then tsc and vite into console/dist.
COPY scripts/console-api.ts ./scripts/
COPY console ./console
RUN npm run console:build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# src/api/console.ts serves ../../console/dist from where it runs, dist/src/api.
COPY --from=build /app/console/dist ./dist/console/dist
COPY package.json ./
USER node
CMD ["node", "dist/worker.js"]
