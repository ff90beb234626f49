#!/usr/bin/env bash
# provision-temporal.sh — obtain the two real Temporal servers Apex tests use.
#
#   1. Temporal CLI (dev server + Web UI) — `temporal server start-dev`
#   2. Java time-skipping test server (io.temporal:temporal-test-server)
#      behind an executable wrapper that @temporalio/testing can launch.
#
# Usage:
#   bash tools/provision-temporal.sh [--cli-only | --test-server-only] [-h|--help]
#   eval "$(bash tools/provision-temporal.sh)"      # sets both vars in this shell
#   set -a; eval "$(bash tools/provision-temporal.sh)"; set +a   # ...and exports them
#   . "${APEX_TOOLS_CACHE:-$HOME/.cache/apex-tools}/temporal.env"
#
# stdout: only `KEY=value` lines (TEMPORAL_CLI_PATH=..., TEMPORAL_TEST_SERVER_PATH=...)
#         for the component(s) provisioned by this run. Progress goes to stderr.
# Manifest: $CACHE/temporal.env (both keys; a partial run keeps the other key).
#
# Environment:
#   APEX_TOOLS_CACHE                  cache root (default: $HOME/.cache/apex-tools)
#   TEMPORAL_CLI_PATH                 if set and executable, used as-is (no build)
#   APEX_TEMPORAL_TEST_SERVER_VERSION override the pinned test-server version
#
# Idempotent: when everything is already present it only checks a few files
# (well under a second) and changes nothing.
set -euo pipefail

CLI_VERSION="1.5.1"
# Newest io.temporal:temporal-test-server on Maven Central at time of writing;
# its bytecode targets Java 8, so it runs on Java 17.
TEST_SERVER_VERSION="${APEX_TEMPORAL_TEST_SERVER_VERSION:-1.38.0}"
MIN_GO_MINOR=25   # go >= 1.25 (required by temporal cli v1.5.x)
MIN_JAVA=17

CACHE="${APEX_TOOLS_CACHE:-$HOME/.cache/apex-tools}"
MANIFEST="$CACHE/temporal.env"

log() { printf '[provision-temporal] %s\n' "$*" >&2; }
die() { printf '[provision-temporal] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

want_cli=1
want_ts=1
for arg in "$@"; do
  case "$arg" in
    --cli-only) want_ts=0 ;;
    --test-server-only) want_cli=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "unknown argument: $arg" ;;
  esac
done
if [[ $want_cli == 0 && $want_ts == 0 ]]; then
  die "--cli-only and --test-server-only are mutually exclusive"
fi

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Serialise concurrent builders (only taken on the slow path).
lock_cache() {
  mkdir -p "$CACHE"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE/.provision-temporal.lock"
    flock 9
  fi
}

# ---------------------------------------------------------------------------
# Temporal CLI
# ---------------------------------------------------------------------------
CLI_DIR="$CACHE/temporal-cli-$CLI_VERSION"
CLI_BIN="$CLI_DIR/bin/temporal"
CLI_STAMP="$CLI_DIR/.provisioned"

check_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go >= 1.$MIN_GO_MINOR is required to build the Temporal CLI, but 'go' is not on PATH (or set TEMPORAL_CLI_PATH to an existing temporal binary)"
  local v
  v="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || true)"   # e.g. go1.26.8
  if [[ ! $v =~ ^go1\.([0-9]+) ]] || (( BASH_REMATCH[1] < MIN_GO_MINOR )); then
    die "Go >= 1.$MIN_GO_MINOR is required to build temporal cli v$CLI_VERSION; found '${v:-unknown}' at $(command -v go)"
  fi
}

provision_cli() {
  if [[ -n ${TEMPORAL_CLI_PATH:-} ]]; then
    if [[ -f $TEMPORAL_CLI_PATH && -x $TEMPORAL_CLI_PATH ]]; then
      CLI_PATH="$TEMPORAL_CLI_PATH"; return
    fi
    log "warning: TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file; ignoring it"
  fi
  local onpath
  if onpath="$(command -v temporal 2>/dev/null)" && [[ -n $onpath && -x $onpath ]]; then
    CLI_PATH="$onpath"; return
  fi
  if [[ -x $CLI_BIN && -f $CLI_STAMP ]]; then
    CLI_PATH="$CLI_BIN"; return
  fi

  lock_cache
  if [[ ! ( -x $CLI_BIN && -f $CLI_STAMP ) ]]; then
    check_go
    log "building temporal cli v$CLI_VERSION with $(go env GOVERSION) (cold build takes several minutes on 2 cores)..."
    local t0; t0="$(now)"
    mkdir -p "$CLI_DIR/bin"
    # Default GOMODCACHE/GOCACHE persist across runs. GOTOOLCHAIN=local: never
    # try to download a different Go toolchain.
    GOTOOLCHAIN=local GOBIN="$CLI_DIR/bin" \
      go install -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$CLI_VERSION" \
      "github.com/temporalio/cli/cmd/temporal@v$CLI_VERSION" >&2 ||
      die "go install github.com/temporalio/cli/cmd/temporal@v$CLI_VERSION failed"
    [[ -x $CLI_BIN ]] || die "go install finished but $CLI_BIN is missing"
    "$CLI_BIN" --version >&2 || die "$CLI_BIN does not run"
    printf 'temporal-cli %s\n' "$CLI_VERSION" >"$CLI_STAMP"
    log "temporal cli v$CLI_VERSION built in $(elapsed "$t0")"
  fi
  CLI_PATH="$CLI_BIN"
}

# ---------------------------------------------------------------------------
# Java time-skipping test server
# ---------------------------------------------------------------------------
TS_DIR="$CACHE/temporal-test-server-$TEST_SERVER_VERSION"
TS_WRAPPER="$TS_DIR/temporal-test-server"
TS_STAMP="$TS_DIR/.provisioned"
# Bump when the wrapper template below changes: existing caches then get the
# new wrapper without re-fetching the jars.
TS_WRAPPER_REV=2
TS_STAMP_TEXT="temporal-test-server $TEST_SERVER_VERSION wrapper-rev $TS_WRAPPER_REV"

java_major() {   # prints the major version of the given java binary
  local line
  line="$("$1" -version 2>&1 | head -n 1)"            # openjdk version "17.0.15" ...
  [[ $line =~ \"([0-9]+)(\.([0-9]+))? ]] || return 1
  if [[ ${BASH_REMATCH[1]} == 1 ]]; then echo "${BASH_REMATCH[3]}"; else echo "${BASH_REMATCH[1]}"; fi
}

check_java() {
  local java="java"
  [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && java="$JAVA_HOME/bin/java"
  command -v "$java" >/dev/null 2>&1 ||
    die "Java >= $MIN_JAVA is required for the Temporal test server, but no 'java' was found (install openjdk-17-jre-headless or set JAVA_HOME)"
  local major
  major="$(java_major "$java")" || die "could not determine the Java version of $(command -v "$java")"
  (( major >= MIN_JAVA )) ||
    die "Java >= $MIN_JAVA is required for the Temporal test server; found Java $major at $(command -v "$java")"
  command -v mvn >/dev/null 2>&1 ||
    die "Maven ('mvn') is required to fetch io.temporal:temporal-test-server:$TEST_SERVER_VERSION"
}

write_ts_wrapper() {
  # The wrapper is what @temporalio/testing launches. sdk-core runs it as
  #   <wrapper> <port> [extraArgs...]
  # and readiness-polls 127.0.0.1:<port> for only 5 s, then SIGKILLs the
  # process on teardown — so `exec` java (same PID) and keep JVM startup lean.
  # Do NOT add --enable-time-skipping: the TS SDK itself unlocks time skipping
  # around every result()/sleep() call and expects the server to start locked
  # (the Java server's default when given only <port>). Starting it unlocked
  # lets server time run away (workflows fail with "execution timed out").
  cat >"$1" <<EOF
#!/usr/bin/env bash
# Generated by tools/provision-temporal.sh — temporal-test-server $TEST_SERVER_VERSION
# Usage: temporal-test-server <port> [--enable-time-skipping]
#   @temporalio/testing passes just <port> (+ server.extraArgs); time skipping
#   starts locked and the SDK unlocks it while awaiting results / env.sleep().
#   Don't pass --enable-time-skipping when driven by the TS SDK.
set -euo pipefail
lib="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)/lib"
java=java
if [[ -n \${JAVA_HOME:-} && -x \$JAVA_HOME/bin/java ]]; then java="\$JAVA_HOME/bin/java"; fi
# Fast-start flags: C1 only + serial GC + small heap + AppCDS archive (made at
# provisioning time; silently ignored if it no longer matches this JVM).
# Override/extend via TEMPORAL_TEST_SERVER_JAVA_OPTS (later flags win).
cds=()
if [[ -f \$lib/../cds.jsa ]]; then cds=("-XX:SharedArchiveFile=\$lib/../cds.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off); fi
# shellcheck disable=SC2086
exec "\$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xms64m -Xmx512m "\${cds[@]}" \\
  \${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} \\
  -cp "\$lib/*" io.temporal.testserver.TestServer "\$@"
EOF
  chmod +x "$1"
}

# AppCDS: record the classes the server loads during startup into
# $TS_DIR/cds.jsa (halves JVM start, ~0.9s -> ~0.45s; sdk-core only waits 5s
# for the port, which matters with several Jest workers on 2 cores).
# Must run on the final paths (the archive pins the classpath). Best effort.
train_cds() {
  local jsa="$TS_DIR/cds.jsa" pid i
  rm -f "$jsa" "$jsa.tmp"
  TEMPORAL_TEST_SERVER_JAVA_OPTS="-XX:ArchiveClassesAtExit=$jsa.tmp" \
    "$TS_WRAPPER" 0 >"$TS_DIR/.cds-train.log" 2>&1 &   # port 0: any free port
  pid=$!
  for (( i = 0; i < 40; i++ )); do   # wait for the gRPC listener (<= ~8 s)
    sleep 0.2
    if command -v ss >/dev/null 2>&1; then
      ss -ltnp 2>/dev/null | grep -q "pid=$pid," && break
    elif (( i >= 15 )); then break
    fi
  done
  sleep 0.5
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true   # archive is dumped at JVM exit
  if [[ -s $jsa.tmp ]]; then
    mv "$jsa.tmp" "$jsa"; rm -f "$TS_DIR/.cds-train.log"
  else
    rm -f "$jsa.tmp"
    log "warning: AppCDS archive not created (see $TS_DIR/.cds-train.log); server still works, just starts slower"
  fi
}

finish_ts() {   # wrapper + CDS archive + stamp, on the final $TS_DIR
  write_ts_wrapper "$TS_WRAPPER.tmp.$$"
  mv "$TS_WRAPPER.tmp.$$" "$TS_WRAPPER"
  local t0; t0="$(now)"
  train_cds
  log "AppCDS archive for faster test-server start built in $(elapsed "$t0")"
  printf '%s\n' "$TS_STAMP_TEXT" >"$TS_STAMP"
}

ts_ready() { [[ -x $TS_WRAPPER && -f $TS_STAMP && "$(<"$TS_STAMP")" == "$TS_STAMP_TEXT" ]]; }

provision_test_server() {
  if ts_ready; then
    TS_PATH="$TS_WRAPPER"; return
  fi

  lock_cache
  if ! ts_ready && [[ -f $TS_STAMP ]] && compgen -G "$TS_DIR/lib/temporal-test-server-*.jar" >/dev/null; then
    # jars already fetched; only the wrapper template changed
    finish_ts
    log "updated wrapper $TS_WRAPPER (rev $TS_WRAPPER_REV)"
  fi
  if ! ts_ready; then
    check_java
    log "fetching io.temporal:temporal-test-server:$TEST_SERVER_VERSION from Maven Central..."
    local t0; t0="$(now)"
    local stage="$TS_DIR.tmp.$$"
    rm -rf "$stage"; mkdir -p "$stage/build"
    trap 'rm -rf "'"$stage"'"' EXIT
    cat >"$stage/build/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>apex.tools</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
    <!-- silence "SLF4J: Failed to load class StaticLoggerBinder" on every start -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
EOF
    if ! mvn -B -Dstyle.color=never -f "$stage/build/pom.xml" \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$stage/lib" >"$stage/build/mvn.log" 2>&1; then
      tail -n 40 "$stage/build/mvn.log" >&2
      die "mvn failed to fetch io.temporal:temporal-test-server:$TEST_SERVER_VERSION (log above)"
    fi
    compgen -G "$stage/lib/temporal-test-server-*.jar" >/dev/null ||
      die "temporal-test-server jar missing after mvn copy-dependencies"
    rm -rf "$stage/build" "$TS_DIR"
    mv "$stage" "$TS_DIR"
    trap - EXIT
    log "temporal-test-server $TEST_SERVER_VERSION fetched ($(find "$TS_DIR/lib" -name '*.jar' | wc -l) jars) in $(elapsed "$t0")"
    finish_ts
  fi
  TS_PATH="$TS_WRAPPER"
}

# ---------------------------------------------------------------------------
CLI_PATH=""
TS_PATH=""
# (plain `if`, not `&&`: errexit is suspended inside functions called from && lists)
if (( want_cli )); then provision_cli; fi
if (( want_ts )); then provision_test_server; fi

# Merge into the manifest (keep the other key on partial runs), write only on change.
old_cli="" old_ts=""
if [[ -f $MANIFEST ]]; then
  # Values are shell-quoted (printf %q), so read them back by sourcing in a subshell.
  # shellcheck source=/dev/null
  old_cli="$(unset TEMPORAL_CLI_PATH; . "$MANIFEST" >/dev/null 2>&1 || true; printf '%s' "${TEMPORAL_CLI_PATH:-}")"
  # shellcheck source=/dev/null
  old_ts="$(unset TEMPORAL_TEST_SERVER_PATH; . "$MANIFEST" >/dev/null 2>&1 || true; printf '%s' "${TEMPORAL_TEST_SERVER_PATH:-}")"
fi
new_cli="${CLI_PATH:-$old_cli}"
new_ts="${TS_PATH:-$old_ts}"
manifest=""
[[ -n $new_cli ]] && manifest+="$(printf 'TEMPORAL_CLI_PATH=%q' "$new_cli")"$'\n'
[[ -n $new_ts ]] && manifest+="$(printf 'TEMPORAL_TEST_SERVER_PATH=%q' "$new_ts")"$'\n'
if [[ ! -f $MANIFEST || "$(<"$MANIFEST")"$'\n' != "$manifest" ]]; then
  mkdir -p "$CACHE"
  printf '%s' "$manifest" >"$MANIFEST.tmp.$$"
  mv "$MANIFEST.tmp.$$" "$MANIFEST"
  log "wrote $MANIFEST"
fi

[[ -n $CLI_PATH ]] && printf 'TEMPORAL_CLI_PATH=%q\n' "$CLI_PATH"
[[ -n $TS_PATH ]] && printf 'TEMPORAL_TEST_SERVER_PATH=%q\n' "$TS_PATH"
exit 0
