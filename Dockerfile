# The gateway's production image: `docker build -t vnhc-gateway .`
#
# Node 26 ("Lithium") is the Active LTS line since 28 October 2026 (24 moved to Maintenance on
# 20 October, 22 ends in April 2027). The tag names the major line and Debian 12 without a digest:
# a rebuild takes the line's security releases; pin a digest in the deploying registry if builds
# must be reproducible. Build with --build-arg NODE_VERSION=24 to stay on the Maintenance line.
# The test suite runs here on Node 20; test/operations/image-steps.test.ts replays these steps.
#
# Every COPY below is read by that test (it copies what they copy and runs what this image runs):
# keep them in the plain form `COPY [--from=build] <source>... <destination>`, one line each.
ARG NODE_VERSION=26

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY gateway ./gateway
COPY adapters ./adapters
COPY schemas ./schemas
# tsconfig.build.json: gateway/ and adapters/ without the sandbox and the simulators, schemas compiled in.
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim
# The git revision, shown by the vnhc_build_info metric: --build-arg BUILD_REVISION=$(git rev-parse --short HEAD).
ARG BUILD_REVISION=unknown
ENV NODE_ENV=production BUILD_REVISION=${BUILD_REVISION}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# What the built code reads from disk at run time (gateway/project-paths.ts finds the root by
# package.json beside tsconfig.build.json): the API document served at /openapi.json and the
# dashboard page. Everything else (schemas, code lists) is compiled into dist/.
COPY tsconfig.build.json ./
COPY contracts/gateway.openapi.yaml ./contracts/
COPY gateway/http/dashboard/dashboard.html ./gateway/http/dashboard/
# Files stay root's and read-only to the process: it writes nothing at run time (logs go to
# stdout, state to Redis), so the container runs with a read-only root filesystem and no volume.
RUN useradd --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin gateway
USER 10001
# Inside a container the gateway listens on every interface (its default is loopback).
ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080
# The slim image has no curl: Node asks /healthz itself, within two seconds.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 (no npm in between), so SIGTERM reaches the gateway and starts its drain.
STOPSIGNAL SIGTERM
CMD ["node", "dist/gateway/main.js"]
