#!/usr/bin/env bash
# provision-compose.sh — make `docker compose` work on a machine that has only
# the docker CLI client (no compose plugin, no daemon needed for `config`).
#
#   1. Build the Compose CLI with `go install` into
#      $APEX_TOOLS_CACHE/compose-<ver>/docker-compose and link it as the docker
#      CLI plugin ${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-compose.
#   2. Without a usable Go: Debian's `docker-compose` package (Compose v1,
#      Python) behind a small CLI-plugin shim.
#
# Usage: bash tools/provision-compose.sh
# stdout: one line COMPOSE_BIN=<path> (usable standalone when `docker` is absent).
# stderr: progress and the time each step took.
#
# Environment:
#   APEX_TOOLS_CACHE      cache root (default: $HOME/.cache/apex-tools)
#   APEX_COMPOSE_VERSION  Compose tag to build (default below)
#   APEX_COMPOSE_SOURCE   auto (default: go, then apt) | go | apt
#
# An existing compose plugin that is a regular file (a real Docker install) is
# used as-is. Idempotent: when a plugin is in place this only checks a few files.
set -euo pipefail

# `go install pkg@version` refuses modules whose go.mod has replace/exclude
# directives. docker/compose v5.1.0+ (and v2.35+) carry an `exclude` block, so
# v5.0.2 is the newest tag that installs this way.
COMPOSE_VERSION="${APEX_COMPOSE_VERSION:-v5.0.2}"
major="${COMPOSE_VERSION#v}"
COMPOSE_MODULE="github.com/docker/compose/v${major%%.*}"
SOURCE="${APEX_COMPOSE_SOURCE:-auto}"
[[ $SOURCE =~ ^(auto|go|apt)$ ]] || { echo "APEX_COMPOSE_SOURCE must be auto, go or apt" >&2; exit 2; }

CACHE="${APEX_TOOLS_CACHE:-$HOME/.cache/apex-tools}"
DIR="$CACHE/compose-$COMPOSE_VERSION"
BIN="$DIR/docker-compose"
PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
PLUGIN="$PLUGIN_DIR/docker-compose"
APT_SHIM="$CACHE/compose-apt/docker-compose"

log() { printf '[provision-compose] %s\n' "$*" >&2; }
die() { printf '[provision-compose] ERROR: %s\n' "$*" >&2; exit 1; }
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
T_ALL="$(now)"
done_with() { log "ready: $1 (total $(elapsed "$T_ALL"))"; printf 'COMPOSE_BIN=%q\n' "$1"; exit 0; }

link_plugin() {   # $1 = executable to expose as `docker compose`
  local t0; t0="$(now)"
  mkdir -p "$PLUGIN_DIR"
  ln -sfn "$1" "$PLUGIN"
  log "step link-plugin: $PLUGIN -> $1 ($(elapsed "$t0"))"
}

# Fast path: our link, or a compose plugin from a real Docker install.
t0="$(now)"
linked="$(readlink "$PLUGIN" 2>/dev/null || true)"
if [[ -n $linked && $linked == "$CACHE"/compose-* ]]; then
  if [[ -x $linked && (($linked == "$BIN" && $SOURCE != apt) || ($linked == "$APT_SHIM" && $SOURCE != go)) ]]; then
    log "step check-existing: $PLUGIN -> $linked ($(elapsed "$t0"))"
    done_with "$linked"
  fi
else
  for p in "$PLUGIN" /usr/local/lib{,exec}/docker/cli-plugins/docker-compose \
           /usr/lib{,exec}/docker/cli-plugins/docker-compose; do
    if [[ -f $p && -x $p ]]; then
      log "step check-existing: using installed plugin $p ($(elapsed "$t0"))"
      done_with "$p"
    fi
  done
fi
log "step check-existing: none ($(elapsed "$t0"))"

mkdir -p "$CACHE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.provision-compose.lock"
  flock 9
fi

build_with_go() {
  command -v go >/dev/null 2>&1 || { log "go not found on PATH"; return 1; }
  local t0 stage; t0="$(now)"
  stage="$DIR.tmp.$$"
  rm -rf "$stage"; mkdir -p "$stage"
  log "step go-install: $COMPOSE_MODULE/cmd@$COMPOSE_VERSION with $(GOTOOLCHAIN=local go env GOVERSION) (cold: ~2 min on 2 cores)"
  # GOTOOLCHAIN=local: never download another Go toolchain.
  if ! GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false" GOBIN="$stage" \
      go install -trimpath -ldflags "-s -w -X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION" \
      "$COMPOSE_MODULE/cmd@$COMPOSE_VERSION" >&2; then
    rm -rf "$stage"; log "go install failed"; return 1
  fi
  mv "$stage/cmd" "$stage/docker-compose"
  "$stage/docker-compose" version >&2 || { rm -rf "$stage"; return 1; }
  rm -rf "$DIR"; mv "$stage" "$DIR"
  log "step go-install: done ($(elapsed "$t0"))"
}

install_from_apt() {
  local t0; t0="$(now)"
  if ! command -v docker-compose >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "neither Go nor apt-get is available"
    (( EUID == 0 )) || die "installing Debian's docker-compose needs root"
    if ! apt-get install -y -q --no-install-recommends docker-compose >&2; then
      { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends docker-compose >&2; } ||
        die "apt-get install docker-compose failed"
    fi
  fi
  mkdir -p "${APT_SHIM%/*}"
  # docker runs plugins as `<plugin> compose <args>`. v1 predates the top-level
  # `name:` key, so a single `-f FILE` is fed through stdin without it.
  cat >"$APT_SHIM" <<'EOF'
#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
  printf '{"SchemaVersion":"0.1.0","Vendor":"Debian","Version":"%s","ShortDescription":"Docker Compose (v1)"}\n' \
    "$(docker-compose version --short)"
  exit 0
fi
[ "$1" = compose ] && shift
if [ "$1" = -f ] && [ -f "$2" ] && grep -q '^name:' "$2"; then
  file=$2; shift 2
  name=$(sed -n 's/^name:[[:space:]]*//p' "$file")
  sed '/^name:/d' "$file" |
    docker-compose -f - --project-directory "$(dirname "$file")" -p "$name" "$@"
  exit $?
fi
exec docker-compose "$@"
EOF
  chmod +x "$APT_SHIM"
  log "step apt-install: $(docker-compose version --short) ($(elapsed "$t0"))"
}

if [[ $SOURCE != apt ]] && { [[ -x $BIN ]] || build_with_go; }; then
  link_plugin "$BIN"
  target="$BIN"
else
  [[ $SOURCE != go ]] || die "building Compose $COMPOSE_VERSION with Go failed"
  [[ $SOURCE == apt ]] || log "falling back to Debian's docker-compose package (Compose v1)"
  install_from_apt
  link_plugin "$APT_SHIM"
  target="$APT_SHIM"
fi

if command -v docker >/dev/null 2>&1; then
  t0="$(now)"
  docker compose version >&2 || die "'docker compose' does not work after linking $PLUGIN"
  log "step verify: docker compose works ($(elapsed "$t0"))"
fi
done_with "$target"
