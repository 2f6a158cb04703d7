# Build: release binary on the official Swift image.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product raadsportal --static-swift-stdlib

# Run: slim Debian with libpq and the curl used by the health check.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app raadsportal
WORKDIR /app
COPY --from=build /src/.build/release/raadsportal /usr/local/bin/raadsportal
COPY Views ./Views
COPY Public ./Public
COPY sql ./sql
COPY seed ./seed
USER raadsportal
ENV HOST=0.0.0.0 PORT=8080
# glibc's allocator for a small long-running server (read at start; see the README): two heap
# arenas, and blocks of 64 KiB and more mapped on their own and given back when freed.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
CMD ["raadsportal", "serve", "--migrate"]
