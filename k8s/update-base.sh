#!/usr/bin/env bash
# Copies what the build generates into k8s/base, so the Kustomize base is the services' own configuration:
#   - <service>/target/kubernetes/kubernetes.yml (quarkus-kubernetes, from each service's application.properties)
#     to k8s/base/<service>/kubernetes.yml;
#   - the pipeline files in k8s/base/pipelines/ and connector resources in k8s/base/connectors/ from their
#     originals (examples/*/<file>, strimzi/connectors/<file>), plus the connector of every database source.
# Run it after changing a service's configuration or a pipeline; deploy-validation fails while the copies differ.
#   ./mvnw -B -DskipTests package -pl ingest-service,aggregator-service,publisher-service -am && k8s/update-base.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="$ROOT/k8s/base"

for service in ingest-service aggregator-service publisher-service; do
  generated="$ROOT/$service/target/kubernetes/kubernetes.yml"
  if [ ! -f "$generated" ]; then
    echo "update-base: $generated is missing: build the service first (./mvnw -B -DskipTests package -pl $service -am)" >&2
    exit 1
  fi
  mkdir -p "$BASE/$service"
  cp "$generated" "$BASE/$service/kubernetes.yml"
done

for pipeline in "$BASE"/pipelines/*.yaml; do
  name="$(basename "$pipeline")"
  originals=("$ROOT"/examples/*/"$name")
  if [ ! -f "${originals[0]}" ]; then
    echo "update-base: k8s/base/pipelines/$name has no original examples/*/$name; keep your own pipelines in an overlay (README: Deploy to Kubernetes)" >&2
    exit 1
  fi
  cp "${originals[0]}" "$pipeline"
  # The ingest service names each database source's raw topic from its KafkaConnector resource.
  for connector in $(sed -n 's/^ *connector: *\([a-z0-9-]*\).*/\1/p' "$pipeline"); do
    cp "$ROOT/strimzi/connectors/$connector.yaml" "$BASE/connectors/$connector.yaml"
  done
done
echo "update-base: k8s/base is up to date with the build"
