# Multi-stage build: compile everything, then ship only production dependencies and built output.
# Node.js 24 LTS in both stages (the app supports 22 and 24; package.json engines ">=22.19").
# scripts/check-image-steps.mjs runs the same steps in a temporary folder where Docker is not available.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY shared shared
COPY backend backend
COPY frontend frontend
# A workspace's own node_modules holds versions that conflict with the root's (backend's parse5 8 beside
# jsdom's parse5 7): it ships too; mkdir keeps the COPY below valid when a lockfile has none.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && mkdir -p backend/node_modules

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000 \
    SMTP_HOST=0.0.0.0 \
    SMTP_PORT=2525
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared/package.json shared/package.json
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/backend/package.json backend/package.json
COPY --from=build /app/backend/node_modules backend/node_modules
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/frontend/dist frontend/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# HTTP (dashboard and API) and the SMTP door.
EXPOSE 3000 2525
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "backend/dist/main.js"]
