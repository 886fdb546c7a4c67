# elasticache-local in a container: the API on 4600 and cache nodes on 6379-6478.
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY api ./api
COPY bin ./bin
COPY engine ./engine
COPY provisioner ./provisioner
COPY state ./state
ENV ELASTICACHE_LOCAL_HOST=0.0.0.0 \
    ELASTICACHE_LOCAL_PORT=4600 \
    ELASTICACHE_LOCAL_DATA_DIR=/data \
    ELASTICACHE_LOCAL_NODE_PORTS=6379-6478
VOLUME /data
EXPOSE 4600 6379-6478
HEALTHCHECK --interval=5s --timeout=2s CMD node -e "fetch('http://127.0.0.1:4600/_elasticache/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "bin/elasticache-local.ts"]
