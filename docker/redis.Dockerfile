# Redis from Debian's package (the same redis-server .ci/run starts for the tests): the cache shared by every web
# container (DJANGO_CACHE_URL). A cache only: nothing is saved to disk, the least recently used keys make room.
FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/*
USER redis
EXPOSE 6379
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no", \
     "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]
