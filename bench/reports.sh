#!/usr/bin/env bash
# Reports over a big ledger (ARCHITECTURE.md section 5: well under a second over 10 million records).
#
# Fills the usage ledger of a fresh database on a PostgreSQL server with synthetic exchanges spread over
# November 2026 and the days around it, starts Aurelis on that database, waits until the rollup job has folded
# every record, then times the usage API, the cost report (JSON and CSV) and the analytics reports for the
# organisation's November (Europe/Berlin), and checks each report's totals against a direct aggregation of the
# ledger. Prints a Markdown table; --publish puts it into BENCHMARKS.md between the bench:reports markers.
#
#   bench/reports.sh                       # 10,000,000 records (the fill takes a few minutes, the folding longer)
#   bench/reports.sh --records 200000      # a quick check of the script itself
#   bench/reports.sh --publish             # also update BENCHMARKS.md
#   bench/reports.sh --keep                # keep the filled and folded database ...
#   bench/reports.sh --reuse               # ... and time a later build on it, without filling it again
#   bench/reports.sh --fill-only           # fill and fold a database to keep, and time nothing
#
# Needs a PostgreSQL 15+ server it may create a database on (BENCH_PG_URL host/port/user; trust or PGPASSWORD),
# psql, curl, bc and python3. The database it creates (BENCH_REPORTS_DB, default aurelis_reports_bench) is dropped at
# the end unless --keep or --reuse; --reuse fills it afresh unless it holds exactly --records records of a --keep run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

records=10000000
rounds=7
port=${BENCH_REPORTS_PORT:-18110}
pg_host=${BENCH_PG_HOST:-127.0.0.1}
pg_port=${BENCH_PG_PORT:-5432}
pg_user=${BENCH_PG_USER:-postgres}
db=${BENCH_REPORTS_DB:-aurelis_reports_bench}
publish=
keep=
reuse=
fill_only=
while [ $# -gt 0 ]; do
  case $1 in
    --records) records=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --publish) publish=1; shift ;;
    --keep) keep=1; shift ;;
    --reuse) reuse=1; keep=1; shift ;;
    --fill-only) fill_only=1; keep=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in psql curl python3 bc; do
  command -v $tool >/dev/null || { echo "bench/reports.sh needs $tool" >&2; exit 2; }
done

tenant=reports
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/bench/results/reports-$stamp"
mkdir -p "$out"
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$1" "${@:2}"; }
sql() { psql_db "$db" -At -c "$1"; }
say() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$out/log.txt" >&2; }

server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -z "$keep" ]; then psql_db postgres -c "drop database if exists $db" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

[ -x ./aurelis ] && [ -f target/aurelis.jar ] || ./mvnw -B -ntp -q -DskipTests package

# A kept database keeps its administrator key (Aurelis installs the bootstrap key only into an organisation without
# one), so --keep leaves it beside the results for --reuse.
admin_file="$root/bench/results/$db.admin-key"
reusing=
if [ -n "$reuse" ] && [ -f "$admin_file" ] \
    && [ "$(psql_db postgres -At -c "select count(*) from pg_database where datname = '$db'")" = 1 ] \
    && [ "$(sql "select count(*) from spend_usage where tenant_id = '$tenant'" 2>/dev/null)" = "$records" ]; then
  reusing=1
  admin=$(cat "$admin_file")
  say "reusing $db on $pg_host:$pg_port: its $records records are not filled again"
else
  say "fresh database $db on $pg_host:$pg_port"
  psql_db postgres -c "drop database if exists $db" >/dev/null
  psql_db postgres -c "create database $db" >/dev/null
  admin="reports-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
fi
if [ -n "$keep" ]; then (umask 077; echo "$admin" > "$admin_file"); fi
start_server() {
  AURELIS_BOOTSTRAP_ADMIN_KEY=$admin AURELIS_PORT=$port AURELIS_DATA_DIR="$out/data" \
    AURELIS_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$db" AURELIS_DB_USER=$pg_user \
    AURELIS_DB_PASSWORD=${PGPASSWORD:-} \
    ./aurelis serve --config bench/aurelis-reports.yaml >> "$out/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { tail -n 40 "$out/server.log" >&2; echo "Aurelis exited" >&2; exit 1; }
    sleep 1
  done
  echo "Aurelis did not become ready within 240 s (see $out/server.log)" >&2; exit 1
}
say "starting Aurelis on 127.0.0.1:$port to migrate the schema"
start_server

# Synthetic exchanges from 28 October to 3 December (UTC), so the organisation's November (Berlin) is cut inside
# the data on both sides. Every dimension is derived from the row number, so a run is reproducible: 24 teams in 6
# departments, 600 people, 5 priced models, 4 client tools, 2 % rate-limited and 1 % failed exchanges, and one
# exchange in 25 retried (a failed first attempt beside its final one). Costs are exact decimals. Record ids grow
# with time, so the ledger feed (commit order, then id) meets the records in time order as it does when the
# gateway group-commits them a few at a time.
if [ -z "$reusing" ]; then
say "filling the ledger with $records records"
chunk=200000
fill_start=$(date +%s)
for ((first = 0; first < records; first += chunk)); do
  last=$(( first + chunk < records ? first + chunk : records ))
  sql "
  insert into spend_usage (tenant_id, id, created_at, request_id, user_id, user_email, key_id, team, department,
      cost_center, project, model_requested, model_served, provider_model, provider, endpoint, client_tool, streamed,
      input_tokens, cached_tokens, output_tokens, cost, currency, priced, status, error_type, latency_ms,
      first_token_ms, task, attempt, retried)
  select '$tenant', (lpad(to_hex(g), 16, '0') || left(md5(g::text), 16))::uuid,
         timestamptz '2026-10-28 00:00:00+00' + (g::float8 / $records) * interval '36 days',
         'req-' || (case when g % 25 = 0 then g - 1 else g end),
         md5('user-' || (g * 7919) % 600)::uuid, 'dev' || (g * 7919) % 600 || '@reports.example',
         md5('key-' || (g * 7919) % 600)::uuid,
         'team-' || (g * 7919) % 600 % 24, 'dept-' || (g * 7919) % 600 % 24 % 6, 'CC-' || (g * 7919) % 600 % 24 % 6,
         case when g % 3 = 0 then 'project-' || g % 7 end,
         m.name, m.name, m.name, m.provider, m.endpoint,
         (array['claude-code','codex','qwen-code','opencode'])[1 + g % 4], g % 2 = 0,
         t.input, t.input / 4, t.output,
         round((t.input * m.input_price + t.output * m.output_price) / 1000000, 10), 'EUR', true,
         s.status, s.error_type, 200 + g % 2400, case when g % 2 = 0 then 80 + g % 900 end,
         (array['code_generation','debugging','review','documentation'])[1 + g % 4],
         case when g % 25 = 24 then 2 else 1 end, g % 25 = 0
  from generate_series($first::bigint, $last - 1) as g
  cross join lateral (select (array['gpt-4o','gpt-4o-mini','o3-mini','claude-sonnet-4','claude-haiku-3-5'])[1 + g % 5] as name,
         (array['mock-openai','mock-openai','mock-openai','mock-anthropic','mock-anthropic'])[1 + g % 5] as provider,
         (array['/v1/chat/completions','/v1/chat/completions','/v1/responses','/v1/messages','/v1/messages'])[1 + g % 5] as endpoint,
         (array[2.50, 0.15, 1.10, 3.00, 0.80])[1 + g % 5]::numeric as input_price,
         (array[10.00, 0.60, 4.40, 15.00, 4.00])[1 + g % 5]::numeric as output_price) m
  cross join lateral (select case when g % 50 = 7 or g % 25 = 0 then 429 when g % 100 = 13 then 500 else 200 end as status) s0
  cross join lateral (select s0.status, case s0.status when 429 then 'rate_limited' when 500 then 'provider_error' end as error_type) s
  cross join lateral (select case when s.status = 200 then 500 + (g * 31) % 60000 else 0 end::bigint as input,
                             case when s.status = 200 then 20 + (g * 17) % 3000 else 0 end::bigint as output) t"
  printf '.' >&2
done
printf '\n' >&2
sql "analyze spend_usage" >/dev/null
fill_seconds=$(( $(date +%s) - fill_start ))
say "filled in ${fill_seconds} s; waiting for the rollup job to fold every record"
fi

# The rollups have folded everything when every grain's cursor stands on the feed's last record.
fold_start=$(date +%s)
last_record=$(sql "select commit_xid::text || '/' || id from spend_usage where tenant_id = '$tenant'
                   order by commit_xid desc, id desc limit 1")
while :; do
  grains=$(sql "select count(*) from analytics_rollup_state where tenant_id = '$tenant'")
  behind=$(sql "select count(*) from analytics_rollup_state where tenant_id = '$tenant'
                and (cursor_xid::text || '/' || cursor_id::text) is distinct from '$last_record'")
  [ "$grains" -gt 0 ] && [ "$behind" -eq 0 ] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 40 "$out/server.log" >&2; echo "Aurelis exited" >&2; exit 1; }
  sleep 5
done
fold_seconds=$(( $(date +%s) - fold_start ))
rows=$(sql "select count(*) from spend_usage where tenant_id = '$tenant'")
say "folded $rows records in ${fold_seconds} s"
# As for the ledger after the fill: a server without autovacuum (this machine's) never gathers the rollup tables'
# statistics, and the planner then joins a month of facts to their dimensions by nested loops (ADR 0076).
sql "analyze analytics_usage_daily" >/dev/null
sql "analyze analytics_usage_hourly" >/dev/null
sql "analyze analytics_dimension" >/dev/null
if [ -n "$fill_only" ]; then say "kept $db for --reuse"; exit 0; fi

# November in Europe/Berlin, in UTC.
from=2026-10-31T23:00:00Z
to=2026-11-30T23:00:00Z
base="http://127.0.0.1:$port"
declare -a names urls
add() { names+=("$1"); urls+=("$2"); }
add "usage API, grouped by team" "$base/api/v1/usage?from=$from&to=$to&group_by=team&limit=0"
add "usage API, grouped by team and model" "$base/api/v1/usage?from=$from&to=$to&group_by=team,model&limit=0"
add "usage API, one team's totals" "$base/api/v1/usage?from=$from&to=$to&team=team-5&limit=0"
add "cost report by team (JSON)" "$base/api/v1/reports/cost?period=2026-11&breakdown=team"
add "cost report by model (CSV)" "$base/api/v1/reports/cost?period=2026-11&breakdown=model&format=csv"
add "analytics: usage metrics" "$base/api/v1/analytics/usage?from=$from&to=$to"
add "analytics: performance (p50/p95/p99)" "$base/api/v1/analytics/performance?from=$from&to=$to"
add "analytics: team insights" "$base/api/v1/analytics/teams?from=$from&to=$to"
add "analytics: executive report" "$base/api/v1/analytics/executive-report?from=$from&to=$to"

fetch() { curl -fsS --max-time 120 -H "Authorization: Bearer $admin" "$1"; }
table="$out/report.md"
{
  echo "| report (November 2026, Europe/Berlin; $(printf "%'d" "$rows") ledger records) | median | slowest of $rounds | answer |"
  echo "|---|---:|---:|---|"
} > "$table"
for i in "${!names[@]}"; do
  fetch "${urls[$i]}" > "$out/answer-$i.txt" || { echo "${names[$i]}: request failed" >&2; exit 1; }
  fetch "${urls[$i]}" > /dev/null
  times=()
  for _ in $(seq 1 "$rounds"); do
    times+=("$(curl -fsS --max-time 120 -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $admin" "${urls[$i]}")")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | sed -n "$(( (rounds + 1) / 2 ))p")
  slowest=$(echo "$sorted" | tail -n 1)
  size=$(wc -c < "$out/answer-$i.txt")
  printf '| %s | %.0f ms | %.0f ms | %s bytes |\n' "${names[$i]}" "$(echo "$median * 1000" | bc -l)" \
    "$(echo "$slowest * 1000" | bc -l)" "$size" >> "$table"
  say "${names[$i]}: median ${median}s, slowest ${slowest}s"
done

# Exactness: the reports' totals against a direct aggregation of the same records.
check() { # name reported expected
  if [ "$2" = "$3" ]; then echo "- $1: $2 (equal)" >> "$out/checks.md"
  else echo "- **$1: reported $2, ledger $3 (DIFFERENT)**" >> "$out/checks.md"; mismatches=$((mismatches + 1)); fi
}
# Reads a field of a JSON answer by its path (a.b, groups[].totals.requests sums), numbers kept as exact decimals.
field() { # file path
  python3 - "$1" "$2" <<'PY'
import decimal, json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f, parse_float=decimal.Decimal)
def walk(node, parts):
    if not parts:
        return [node]
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        return [v for item in node[head[:-2]] for v in walk(item, rest)]
    return walk(node[head], rest)
values = walk(doc, sys.argv[2].split("."))
value = values[0] if len(values) == 1 and not sys.argv[2].count("[]") else sum(values)
if isinstance(value, (decimal.Decimal, str)) and not isinstance(value, bool):
    try:
        value = decimal.Decimal(str(value))
        value = value.normalize() if value != value.to_integral() else value.quantize(decimal.Decimal(1))
        value = format(value, "f")
    except decimal.InvalidOperation:
        pass
print(value)
PY
}
mismatches=0
: > "$out/checks.md"
range="tenant_id = '$tenant' and created_at >= '$from' and created_at < '$to'"
direct_requests=$(sql "select count(*) from spend_usage where $range and not retried")
direct_input=$(sql "select sum(input_tokens) from spend_usage where $range")
direct_output=$(sql "select sum(output_tokens) from spend_usage where $range")
direct_cost=$(sql "select trim_scale(sum(cost)) from spend_usage where $range")
direct_failed=$(sql "select count(*) from spend_usage where $range and not retried and status >= 400")
check "usage API requests (exchanges)" "$(field "$out/answer-0.txt" totals.requests)" "$direct_requests"
check "usage API input tokens" "$(field "$out/answer-0.txt" totals.input_tokens)" "$direct_input"
check "usage API output tokens" "$(field "$out/answer-0.txt" totals.output_tokens)" "$direct_output"
check "usage API cost" "$(field "$out/answer-0.txt" totals.cost)" "$direct_cost"
check "usage API failed requests" "$(field "$out/answer-0.txt" totals.failed_requests)" "$direct_failed"
check "usage API, sum of the team groups' requests" "$(field "$out/answer-0.txt" 'groups[].totals.requests')" "$direct_requests"
check "usage API, sum of the team groups' cost" "$(field "$out/answer-0.txt" 'groups[].totals.cost')" "$direct_cost"
check "cost report requests" "$(field "$out/answer-3.txt" totals.requests)" "$direct_requests"
check "cost report cost" "$(field "$out/answer-3.txt" totals.cost)" "$direct_cost"
check "cost report currency" "$(field "$out/answer-3.txt" currency)" "EUR"
team_direct=$(sql "select count(*) from spend_usage where $range and not retried and team = 'team-5'")
check "one team's requests" "$(field "$out/answer-2.txt" totals.requests)" "$team_direct"
cat "$out/checks.md" >&2

{
  echo
  echo "Measured $(date -u +%Y-%m-%d) at \`$(git rev-parse --short HEAD)\` with \`bench/reports.sh --records $records\`:"
  if [ -n "$reusing" ]; then
    echo "on the ledger and rollups a \`--keep\` run had filled and folded (\`--reuse\`); each report was"
  else
    echo "filling the ledger took ${fill_seconds} s and folding it into the rollups ${fold_seconds} s; each report was"
  fi
  echo "asked twice to warm up, then $rounds times (times are curl's \`time_total\` over loopback, load average"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end). Totals against a direct aggregation of the ledger:"
  echo
  cat "$out/checks.md"
} >> "$table"
cat "$table"

if [ -n "$publish" ]; then
  if ! grep -q '<!-- bench:reports:start -->' BENCHMARKS.md; then
    echo "BENCHMARKS.md has no bench:reports markers" >&2; exit 1
  fi
  awk -v table="$table" '
    /<!-- bench:reports:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- bench:reports:end -->/ { skip = 0 }
    !skip { print }' BENCHMARKS.md > "$out/BENCHMARKS.md" && mv "$out/BENCHMARKS.md" BENCHMARKS.md
  say "published into BENCHMARKS.md"
fi
[ "$mismatches" -eq 0 ] || { echo "$mismatches report totals differ from the ledger" >&2; exit 1; }
