# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# The release binary, built in the Swift image and run in a slim Debian image as a non-root user.
#   docker build -t mogate .
#   docker run --rm -p 2775:2775 -p 8080:8080 mogate            # serve, with the built-in verifier
#   docker run --rm -p 8081:8081 mogate verifier --http-port 8081 --data-dir /var/lib/mogate
FROM swift:6.3.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product mogate --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/mogate" /usr/local/bin/mogate

FROM debian:bookworm-slim
# libsqlite3 for the stores, curl for the health check, CA certificates for https webhooks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/mogate --create-home mogate
COPY --from=build /usr/local/bin/mogate /usr/local/bin/mogate
USER mogate
WORKDIR /var/lib/mogate
VOLUME /var/lib/mogate
EXPOSE 2775 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["mogate"]
CMD ["serve", "--data-dir", "/var/lib/mogate"]
