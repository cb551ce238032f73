#!/usr/bin/env bash
# Every panel query of every dashboard returns data against the real metrics (issue 8): starts the server (Release
# build, Development, simulator on, SQLite in a temporary directory, loopback ports) and Debian's Prometheus scraping
# its /metrics every 2 s, plays the few parts the simulator does not (a clinician acknowledges and resolves alerts,
# a sender posts an observation for an unknown patient, a caller without a token is refused), then runs each query
# of dashboards/*.json over Prometheus' HTTP API until all return data or the time is up. Fails naming the dashboard
# and panel of each query that returned nothing. Also checks each file's form: stable uid, "id": null, a
# "datasource" variable that every panel and query uses.
#
# Usage: dashboards/validate.sh            (builds src/TrialMonitor.Server in Release unless VALIDATE_NO_BUILD=1)
# Ports (override if taken): VALIDATE_HTTP_PORT 18480, VALIDATE_PROMETHEUS_PORT 19490, VALIDATE_SILO_PORT 21480,
# VALIDATE_GATEWAY_PORT 31480. Time limit for data to flow: VALIDATE_SECONDS (150).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

http_port=${VALIDATE_HTTP_PORT:-18480}
prometheus_port=${VALIDATE_PROMETHEUS_PORT:-19490}
silo_port=${VALIDATE_SILO_PORT:-21480}
gateway_port=${VALIDATE_GATEWAY_PORT:-31480}
limit=${VALIDATE_SECONDS:-150}

say() { echo "dashboards/validate: $*" >&2; }

# Debian's prometheus (the server and promtool), jq and curl, installed when missing.
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v curl >/dev/null 2>&1 || missing+=(curl)
bash tests/apt-install.sh "${missing[@]}"

# The files' form, before anything runs.
form_errors=0
for file in dashboards/*.json; do
    problems=$(jq -r '
        [ (if (.uid | type) != "string" or (.uid | test("^[a-z0-9-]{1,40}$") | not) then "uid must be a stable lower-case string" else empty end),
          (if has("id") and .id == null then empty else "\"id\" must be null" end),
          (if [.templating.list[]? | select(.name == "datasource" and .type == "datasource" and .query == "prometheus")] | length == 1 then empty else "needs one \"datasource\" variable of type datasource (prometheus)" end),
          (.panels[] | select(.datasource.uid != "${datasource}") | "panel \"\(.title)\": datasource must be ${datasource}"),
          (.panels[] | .title as $t | .targets[]? | select(.datasource.uid != "${datasource}") | "panel \"\($t)\" query \(.refId): datasource must be ${datasource}"),
          (.panels[] | select((.targets // []) | length == 0) | "panel \"\(.title)\" has no query")
        ] | .[]' "$file")
    if [ -n "$problems" ]; then
        while IFS= read -r line; do say "FAIL $file: $line"; done <<<"$problems"
        form_errors=1
    fi
done
uids=$(jq -r .uid dashboards/*.json | sort | uniq -d)
if [ -n "$uids" ]; then say "FAIL: uid used twice: $uids"; form_errors=1; fi
[ $form_errors = 0 ] || exit 1

for port in "$http_port" "$prometheus_port" "$silo_port" "$gateway_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        say "port $port on 127.0.0.1 is taken; set VALIDATE_*_PORT"
        exit 1
    fi
done

work=$(mktemp -d)
server_pid=""
prometheus_pid=""
cleanup() {
    [ -n "$prometheus_pid" ] && kill "$prometheus_pid" 2>/dev/null && wait "$prometheus_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ "${VALIDATE_NO_BUILD:-0}" != 1 ]; then
    dotnet build src/TrialMonitor.Server -c Release --nologo -v quiet >/dev/null
fi
bin="$root/src/TrialMonitor.Server/bin/Release/net10.0"

started=$(date +%s)
# From its own directory, so that appsettings.json is read as in a deployment. The wall-clock check runs every 5 s
# (missing vital signs and due escalations within the run); the simulator replays at 20,000x.
(cd "$bin" && exec env ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1 dotnet TrialMonitor.Server.dll \
    --urls "http://127.0.0.1:$http_port" \
    --Storage:DataDirectory="$work/data" \
    --Orleans:SiloPort="$silo_port" --Orleans:GatewayPort="$gateway_port" \
    --Simulation:Enabled=true --Simulation:Acceleration=20000 \
    --Monitoring:VitalSignsCheckInterval=00:00:05 \
    --Telemetry:PrometheusEndpoint=true \
    >"$work/server.log" 2>&1) &
server_pid=$!

cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: trialmonitor
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:$http_port"]
EOF
promtool check config "$work/prometheus.yml" >/dev/null
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
    --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!

base="http://127.0.0.1:$http_port"
prom="http://127.0.0.1:$prometheus_port"
deadline=$((started + limit))

until curl -fs "$base/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$server_pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
        say "the server did not become ready; its log:"; tail -40 "$work/server.log" >&2; exit 1
    fi
    sleep 1
done
say "server ready after $(( $(date +%s) - started )) s"

# Tokens from the server's own development issuer.
token() { (cd "$bin" && ASPNETCORE_ENVIRONMENT=Development dotnet TrialMonitor.Server.dll token "$@" | tail -1); }
clinician=$(token --role clinician --center '*' --user validate-clinician)
device=$(token --role device --center '*' --user validate-device)

# A caller without a token (401) and an observation for a patient nobody enrolled (rejected): the errors and
# rejections panels show real refusals, not invented numbers.
curl -s -o /dev/null "$base/api/v1/centers/FR-BDX/alerts"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
curl -s -o /dev/null -H "Authorization: Bearer $device" -H 'Content-Type: application/json' \
    -d "{\"observations\":[{\"id\":\"validate-unknown-1\",\"patientId\":\"VALIDATE-NOBODY\",\"code\":\"8310-5\",\"value\":37.5,\"unit\":\"Cel\",\"effectiveAt\":\"$now\"}]}" \
    "$base/api/v1/observations"

# A clinician acknowledges one open alert that paged someone, and resolves another, at each round (a few of each):
# a counter or histogram series starts with its first event, and rate() and increase() see only the events after
# the first scrape of the series, so one event alone would show nothing.
acknowledged=0
resolved=0
act_on_alerts() {
    [ $acknowledged -ge 5 ] && [ $resolved -ge 3 ] && return 0
    local centers ack_done="" resolve_done=""
    centers=$(curl -fs "$prom/api/v1/label/center/values?match[]=trialmonitor_alerts_open" | jq -r '.data[]' 2>/dev/null || true)
    for center in $centers; do
        # Time to acknowledge runs from an alert's first page: only an alert that paged someone has one.
        for line in $(curl -fs -H "Authorization: Bearer $clinician" "$base/api/v1/centers/$center/alerts?status=open" |
                jq -r '.[] | "\(.alertId)|\((.notifiedRoles // []) | length)"' 2>/dev/null || true); do
            id=${line%%|*}
            if [ -z "$ack_done" ] && [ $acknowledged -lt 5 ] && [ "${line##*|}" != 0 ]; then
                if curl -fs -o /dev/null -H "Authorization: Bearer $clinician" -H 'Content-Type: application/json'                     -d '{"note":"seen (dashboards/validate.sh)"}' "$base/api/v1/alerts/$id/acknowledge"; then
                    ack_done=$id; acknowledged=$((acknowledged + 1))
                fi
            elif [ -z "$resolve_done" ] && [ $resolved -lt 3 ]; then
                if curl -fs -o /dev/null -H "Authorization: Bearer $clinician" -H 'Content-Type: application/json'                     -d '{"note":"not actionable (dashboards/validate.sh)","actionable":false}' "$base/api/v1/alerts/$id/resolve"; then
                    resolve_done=$id; resolved=$((resolved + 1))
                fi
            fi
        done
    done
}

# Grafana's variables: the "All" value of $center, and intervals fitting a 2 s scrape and a short run.
substitute() {
    sed -e 's/\$__rate_interval/30s/g' -e 's/\$__interval/10s/g' -e 's/\$__range/10m/g' \
        -e 's/\${center:regex}/.*/g' -e 's/\${center}/.*/g' -e 's/\$center/.*/g'
}

# One line per query: dashboard title, panel title, refId, expression.
queries=$(jq -r '.title as $d | .panels[] | .title as $p | .targets[] | [$d, $p, .refId, .expr] | @tsv' dashboards/*.json)
count=$(wc -l <<<"$queries")

# A query returns data when some series has at least one finite value since the server started.
has_data() {
    local expr=$1 end
    end=$(date +%s)
    curl -fs --get "$prom/api/v1/query_range" --data-urlencode "query=$expr" \
        --data-urlencode "start=$started" --data-urlencode "end=$end" --data-urlencode "step=5" |
        jq -e '[.data.result[].values[][1] | select(. != "NaN" and . != "+Inf" and . != "-Inf")] | length > 0' >/dev/null
}

while :; do
    act_on_alerts
    failing=()
    while IFS=$'\t' read -r dashboard panel ref expr; do
        if ! has_data "$(substitute <<<"$expr")"; then failing+=("\"$dashboard\" / \"$panel\" ($ref): $expr"); fi
    done <<<"$queries"
    # The center variable's own query lists the centers.
    if [ -z "$(curl -fs "$prom/api/v1/label/center/values?match[]=trialmonitor_alerts_open" | jq -r '.data[]?' 2>/dev/null)" ]; then
        failing+=("\"Trial safety overview\" variable center: label_values(trialmonitor_alerts_open, center) lists nothing")
    fi
    if [ ${#failing[@]} -eq 0 ]; then
        say "all $count panel queries of $(ls dashboards/*.json | wc -l) dashboards return data ($(( $(date +%s) - started )) s after start; $acknowledged alerts acknowledged and $resolved resolved by the script)"
        exit 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$server_pid" 2>/dev/null; then
        say "FAIL: ${#failing[@]} of $count queries returned no data within $limit s ($acknowledged alerts acknowledged, $resolved resolved by the script):"
        for line in "${failing[@]}"; do say "  $line"; done
        say "last lines of the server's log:"; tail -20 "$work/server.log" >&2
        say "Prometheus' log and targets:"; tail -20 "$work/prometheus.log" >&2; curl -s "$prom/api/v1/targets" | head -c 2000 >&2; echo >&2
        exit 1
    fi
    sleep 5
done
