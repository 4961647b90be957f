# Shared helpers for .ci/run and .ci/celery-stage (sourced, not run).

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\n\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres): start the local cluster if it is down; fail clearly
# when it still does not answer.
ensure_postgres() {
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
    log "PostgreSQL is down: starting it"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    fi
    for _ in $(seq 1 30); do
      pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null && break
      sleep 1
    done
  fi
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null \
    || die "PostgreSQL is unreachable on $PG_HOST:$PG_PORT (tried: pg_ctlcluster … main start)"
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atqc "SELECT 1" >/dev/null \
    || die "PostgreSQL answers on $PG_HOST:$PG_PORT but refuses user postgres (trust auth expected)"
}

# Redis on 127.0.0.1:6379: start it if it is down (nothing on disk, as on these machines).
ensure_redis() {
  if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "Redis is down: starting it"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    for _ in $(seq 1 20); do
      redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
      sleep 0.5
    done
  fi
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 \
    || die "Redis is unreachable on $REDIS_HOST:$REDIS_PORT"
}

# psql as postgres on the local server.
pg() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

# The result lines of the pytest runs in a log ("12 passed, 3 deselected in 40.1s"), joined by " | ".
pytest_results() {
  local lines
  lines=$(sed -E 's/\x1b\[[0-9;]*m//g' "$1" 2>/dev/null \
    | grep -E '^=* ?[0-9]+ (passed|failed|error|errors|deselected|skipped)\b.* in [0-9.]+s|no tests ran' \
    | sed -E 's/^=+ //; s/ =+$//' | paste -sd'|' | sed 's/|/ | /g')
  echo "${lines:-no pytest result}"
}
