#!/bin/sh
# Register $TEMPORAL_NAMESPACE on the server at $TEMPORAL_ADDRESS if missing.
set -eu
: "${TEMPORAL_ADDRESS:=temporal:7233}"
ns="${TEMPORAL_NAMESPACE:-default}"

tries=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || { echo "temporal at $TEMPORAL_ADDRESS is not serving" >&2; exit 1; }
  sleep 2
done

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1; then
  echo "namespace $ns exists"
else
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --retention 168h
  echo "namespace $ns created"
fi
