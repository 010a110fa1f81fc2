# capsandbox image: a static binary on scratch, run as a non-root user.
#
#   docker build -t capsandbox .
#   docker run --rm -p 8080:8080 capsandbox
#
# The final stage is checked without a Docker engine by
# scripts/image-smoke.sh (buildah, FROM scratch); see docs/DEPLOY.md.

ARG GO_VERSION=1.26
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
RUN scripts/build-static.sh /out/capsandbox "$VERSION" "$COMMIT" \
 && scripts/rootfs.sh /out/capsandbox /out

FROM scratch
COPY --from=build /out/root/ /
COPY --from=build --chown=65532:65532 /out/writable/ /
USER 65532:65532
ENV PATH=/usr/local/bin \
    CAPSANDBOX_ADDR=:8080 \
    CAPSANDBOX_DATA=/data/capsandbox.db
EXPOSE 8080
VOLUME /data
HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=3 \
  CMD ["capsandbox", "healthcheck"]
ENTRYPOINT ["capsandbox"]
CMD ["serve"]
