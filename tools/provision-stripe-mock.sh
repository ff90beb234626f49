#!/usr/bin/env bash
# provision-stripe-mock.sh — obtain stripe-mock, the server that speaks Stripe's API for Apex tests and
# local development (it validates every request against Stripe's OpenAPI and answers fixture objects).
#
# Usage:
#   bash tools/provision-stripe-mock.sh [-h|--help]
#   eval "$(bash tools/provision-stripe-mock.sh)"                  # sets STRIPE_MOCK_PATH in this shell
#   set -a; eval "$(bash tools/provision-stripe-mock.sh)"; set +a  # ...and exports it
#   . "${APEX_TOOLS_CACHE:-$HOME/.cache/apex-tools}/stripe-mock.env"
#
# stdout: only `STRIPE_MOCK_PATH=...`. Progress goes to stderr.
# Manifest: $CACHE/stripe-mock.env
#
# Environment:
#   APEX_TOOLS_CACHE          cache root (default: $HOME/.cache/apex-tools)
#   STRIPE_MOCK_PATH          if set and executable, used as-is (no build)
#   APEX_STRIPE_MOCK_VERSION  override the pinned version
#
# Idempotent: when stripe-mock is already present it only checks a few files and changes nothing.
set -euo pipefail

VERSION="${APEX_STRIPE_MOCK_VERSION:-0.203.0}"
MIN_GO_MINOR=23

CACHE="${APEX_TOOLS_CACHE:-$HOME/.cache/apex-tools}"
BIN_DIR="$CACHE/bin"
BIN="$BIN_DIR/stripe-mock"
STAMP="$BIN_DIR/.stripe-mock-$VERSION"
MANIFEST="$CACHE/stripe-mock.env"

log() { printf '[provision-stripe-mock] %s\n' "$*" >&2; }
die() { printf '[provision-stripe-mock] ERROR: %s\n' "$*" >&2; exit 1; }

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

check_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go >= 1.$MIN_GO_MINOR is required to build stripe-mock, but 'go' is not on PATH (or set STRIPE_MOCK_PATH to an existing stripe-mock binary)"
  local v
  v="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || true)"
  if [[ ! $v =~ ^go1\.([0-9]+) ]] || (( BASH_REMATCH[1] < MIN_GO_MINOR )); then
    die "Go >= 1.$MIN_GO_MINOR is required to build stripe-mock v$VERSION; found '${v:-unknown}' at $(command -v go)"
  fi
}

provision() {
  if [[ -n ${STRIPE_MOCK_PATH:-} ]]; then
    if [[ -f $STRIPE_MOCK_PATH && -x $STRIPE_MOCK_PATH ]]; then
      MOCK_PATH="$STRIPE_MOCK_PATH"; return
    fi
    log "warning: STRIPE_MOCK_PATH=$STRIPE_MOCK_PATH is not an executable file; ignoring it"
  fi
  if [[ -x $BIN && -f $STAMP ]]; then
    MOCK_PATH="$BIN"; return
  fi

  mkdir -p "$BIN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE/.provision-stripe-mock.lock"
    flock 9
  fi
  if [[ ! ( -x $BIN && -f $STAMP ) ]]; then
    check_go
    log "building stripe-mock v$VERSION with $(go env GOVERSION) (a cold build takes a minute or two)..."
    local t0; t0="$(now)"
    # GOTOOLCHAIN=local: never try to download a different Go toolchain.
    GOTOOLCHAIN=local GOBIN="$BIN_DIR" go install "github.com/stripe/stripe-mock@v$VERSION" >&2 ||
      die "go install github.com/stripe/stripe-mock@v$VERSION failed"
    [[ -x $BIN ]] || die "go install finished but $BIN is missing"
    rm -f "$BIN_DIR"/.stripe-mock-*
    printf 'stripe-mock %s\n' "$VERSION" >"$STAMP"
    log "stripe-mock v$VERSION built in $(elapsed "$t0")"
  fi
  MOCK_PATH="$BIN"
}

MOCK_PATH=""
provision

manifest="$(printf 'STRIPE_MOCK_PATH=%q' "$MOCK_PATH")"
if [[ ! -f $MANIFEST || "$(<"$MANIFEST")" != "$manifest" ]]; then
  mkdir -p "$CACHE"
  printf '%s\n' "$manifest" >"$MANIFEST.tmp.$$"
  mv "$MANIFEST.tmp.$$" "$MANIFEST"
  log "wrote $MANIFEST"
fi
printf '%s\n' "$manifest"
