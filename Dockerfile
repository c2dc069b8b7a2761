# Yunqian's image: the same offline bundle as `pnpm bundle` (see the README, "Offline installation"),
# on a slim Node.js 20 runtime, as a non-root user, for a read-only root filesystem.
#
#   docker build -t yunqian:<version> .
#   docker run --read-only --tmpfs /tmp -v /etc/yunqian:/etc/yunqian:ro -e YUNQIAN_CONFIG=/etc/yunqian/config.yaml \
#     -e DATABASE_URL=postgres://… -p 8080:8080 yunqian:<version>
#
# Writable at run time: /tmp (a tmpfs) and, for the embedded database instead of PostgreSQL,
# /var/lib/yunqian (a volume; add -v yunqian-data:/var/lib/yunqian -e YUNQIAN_DATA_DIR=/var/lib/yunqian).
# Nothing under /opt/yunqian is written.

# --- build: install the workspace from the lockfile and run the bundle build -----------------------
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile \
 && YUNQIAN_VERSION=image pnpm bundle \
 && mkdir /bundle \
 && tar -xzf dist/yunqian-image-linux-*.tar.gz -C /bundle --strip-components=1 \
 && cd /bundle && sha256sum --quiet -c SHA256SUMS

# --- runtime: Node.js and the bundle, nothing else -------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    YUNQIAN_HOST=0.0.0.0 \
    YUNQIAN_PORT=8080
# The console and the plan are found beside the server (/opt/yunqian/console/dist and
# /opt/yunqian/migrations-plan, the sample): a province's configuration names its own plan.dir.
COPY --from=build /bundle/server /opt/yunqian/server
COPY --from=build /bundle/console /opt/yunqian/console
COPY --from=build /bundle/migrations-plan /opt/yunqian/migrations-plan
COPY --from=build /bundle/bin /opt/yunqian/bin
COPY --from=build /bundle/NATIVE-DEPENDENCIES.md /bundle/SHA256SUMS /opt/yunqian/
# The one directory the embedded database writes to (a volume), owned by the runtime user. The
# shell is used here, at build time only.
RUN mkdir -p /var/lib/yunqian && chown 10001:10001 /var/lib/yunqian
VOLUME ["/var/lib/yunqian"]
USER 10001:10001
WORKDIR /opt/yunqian
EXPOSE 8080
# Exec form: no shell is needed at run time.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/opt/yunqian/server/dist/main.js"]
