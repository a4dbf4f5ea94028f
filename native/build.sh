#!/usr/bin/env bash
# Builds the container images of Tally's services with Docker or Podman: native executables (Mandrel, default) or
# JVM images (--jvm). Tags them <registry>/tally/<service>:<tag>, or tally/<service>:<tag> without --registry (what
# k8s/overlays/local deploys; load them into a kind cluster with `kind load docker-image`).
#
#   native/build.sh [--jvm] [--registry REGISTRY] [--tag TAG] [--push] [SERVICE...]
#
# SERVICE is ingest-service, aggregator-service or publisher-service (default: all three); TAG defaults to the
# project version. A native build takes several minutes and about 6 GB of memory per service.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ALL_SERVICES=(ingest-service aggregator-service publisher-service)
kind=native registry="" tag="" push=false services=()

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --jvm) kind=jvm ;;
    --native) kind=native ;;
    --registry) registry="${2:?--registry needs a value}"; shift ;;
    --tag) tag="${2:?--tag needs a value}"; shift ;;
    --push) push=true ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "build.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *)
      if [[ ! " ${ALL_SERVICES[*]} " == *" $1 "* ]]; then
        echo "build.sh: unknown service '$1'; the services are ${ALL_SERVICES[*]}" >&2; exit 2
      fi
      services+=("$1") ;;
  esac
  shift
done
[ ${#services[@]} -gt 0 ] || services=("${ALL_SERVICES[@]}")

engine="${TALLY_CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then engine="$candidate"; break; fi
  done
fi
if [ -z "$engine" ]; then
  echo "build.sh: no working container engine: neither 'docker info' nor 'podman info' succeeds here." >&2
  echo "  Install and start Docker or Podman (or set TALLY_CONTAINER_ENGINE), then run this again." >&2
  echo "  Without one, build the JVM runner jars with ./mvnw -B -DskipTests package (what CI tests)." >&2
  exit 1
fi

if [ -z "$tag" ]; then
  # The project version: the root pom's own <version> (indented by two spaces, unlike its dependencies').
  tag="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -1)"
fi

for service in "${services[@]}"; do
  image="tally/$service:$tag"
  [ -z "$registry" ] || image="$registry/$image"
  echo "build.sh: building $image ($kind) with $engine" >&2
  "$engine" build -f "$ROOT/native/$service/Dockerfile.$kind" -t "$image" "$ROOT"
  if [ "$push" = true ]; then
    "$engine" push "$image"
  fi
done
