#!/usr/bin/env bash
# What of deploy/ can be checked without a Docker engine or a Kubernetes cluster (issue 8): the compose file, the
# manifests and the provisioning parse and hold what they must; the files they mount and the projects the Dockerfile
# copies exist; `promtool check config` accepts the Prometheus configuration; and the server's `schema` command, as
# the compose file and the schema Job run it, initialises a real PostgreSQL (twice: it is idempotent) with the Orleans
# tables and TrialMonitor's own. Needs python3 with PyYAML, promtool and PostgreSQL's binaries (Debian packages
# python3-yaml, prometheus, postgresql: installed when missing). Builds the server unless VALIDATE_NO_BUILD=1.
# PostgreSQL: $TRIALMONITOR_TEST_POSTGRES, else a throwaway server from tests/postgres/start-local.sh on port 55433.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
say() { echo "deploy/validate: $*" >&2; }

missing=()
python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [ -z "${TRIALMONITOR_TEST_POSTGRES:-}" ] && ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then missing+=(postgresql); fi
bash tests/apt-install.sh "${missing[@]}"

# 1. The YAML files parse and hold what the README promises.
python3 - <<'EOF'
import glob, os, re, sys, yaml

errors = []
def check(condition, message):
    if not condition: errors.append(message)

compose = yaml.safe_load(open("deploy/docker-compose.yml"))
services = compose["services"]
for name in ["postgres", "schema", "silo-1", "silo-2", "silo-3", "prometheus", "grafana"]:
    check(name in services, f"docker-compose.yml: no service {name}")
for name in ["silo-1", "silo-2", "silo-3"]:
    env = services[name]["environment"]
    check(env.get("Storage__Provider") == "Postgres", f"{name}: Storage__Provider must be Postgres")
    check("Auth__SigningKey" in env or "Auth__Authority" in env, f"{name}: no Auth__SigningKey or Auth__Authority (Production refuses the development key)")
    check(env.get("Telemetry__PrometheusEndpoint") == "true", f"{name}: /metrics must be on for Prometheus")
    check(services[name]["depends_on"]["schema"]["condition"] == "service_completed_successfully", f"{name}: must wait for the schema step")
check(services["schema"]["command"] == ["schema"], "schema: command must be the server's schema command")
check(services["schema"]["build"]["dockerfile"] == "deploy/Dockerfile", "schema: builds deploy/Dockerfile")
check(services["silo-1"]["environment"]["Simulation__Enabled"].endswith(":-true}"), "silo-1 runs the simulator by default")
# Every bind mount exists (relative to deploy/).
for name, service in services.items():
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if source.startswith("."):
            check(os.path.exists(os.path.join("deploy", source)), f"{name}: mounts {source}, which does not exist")

# The Prometheus config scrapes the three silos.
prometheus = yaml.safe_load(open("deploy/prometheus/prometheus.yml"))
targets = prometheus["scrape_configs"][0]["static_configs"][0]["targets"]
check(sorted(targets) == ["silo-1:8080", "silo-2:8080", "silo-3:8080"], f"prometheus.yml: targets {targets}")

# Grafana provisioning.
datasources = yaml.safe_load(open("dashboards/provisioning/datasources/prometheus.yml"))
check(datasources["datasources"][0]["type"] == "prometheus", "datasource provisioning: type prometheus")
providers = yaml.safe_load(open("dashboards/provisioning/dashboards/trialmonitor.yml"))
mounted = [v.split(":")[1] for v in services["grafana"]["volumes"] if v.endswith(".json:ro")]
path = providers["providers"][0]["options"]["path"]
check(all(m.startswith(path + "/") for m in mounted) and len(mounted) == len(glob.glob("dashboards/*.json")),
      f"grafana: every dashboards/*.json must be mounted under the provider path {path}")

# Kubernetes manifests: every document has apiVersion, kind, metadata.name; the kinds the README promises exist; the
# probes hit the health endpoints; the kustomization lists every file.
kinds = {}
for file in sorted(glob.glob("deploy/kubernetes/*.yaml")):
    for document in yaml.safe_load_all(open(file)):
        if document is None: continue
        check("apiVersion" in document and "kind" in document, f"{file}: a document without apiVersion/kind")
        if document.get("kind") != "Kustomization":
            check(bool(document.get("metadata", {}).get("name")), f"{file}: a {document.get('kind')} without metadata.name")
        kinds.setdefault(document["kind"], []).append(document)
for kind in ["Namespace", "ConfigMap", "Secret", "Job", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"]:
    check(kind in kinds, f"kubernetes: no {kind}")
deployment = kinds["Deployment"][0]
container = deployment["spec"]["template"]["spec"]["containers"][0]
check(container["readinessProbe"]["httpGet"]["path"] == "/health/ready", "deployment: readiness probe on /health/ready")
check(container["livenessProbe"]["httpGet"]["path"] == "/health/live", "deployment: liveness probe on /health/live")
check(deployment["spec"]["selector"]["matchLabels"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items(), "deployment: selector must match the pod labels")
for kind in ["Service", "PodDisruptionBudget"]:
    selector = kinds[kind][0]["spec"]["selector"]
    selector = selector.get("matchLabels", selector)
    check(selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items(), f"{kind}: selector must match the silo pods")
listed = set(kinds["Kustomization"][0]["resources"])
present = {os.path.basename(f) for f in glob.glob("deploy/kubernetes/*.yaml")} - {"kustomization.yaml"}
check(listed == present, f"kustomization.yaml lists {sorted(listed)}, the folder has {sorted(present)}")
settings = kinds["ConfigMap"][0]["data"]
check(settings.get("Storage__Provider") == "Postgres", "configmap: Storage__Provider Postgres")
check(settings.get("ASPNETCORE_ENVIRONMENT") == "Production", "configmap: Production")
secret = kinds["Secret"][0]["stringData"]
check("Storage__ConnectionString" in secret and "Auth__SigningKey" in secret, "secret: connection string and signing key placeholders")

# The Dockerfile copies every project the server depends on.
dockerfile = open("deploy/Dockerfile").read()
def references(project, seen):
    if project in seen: return
    seen.add(project)
    text = open(project).read()
    for include in re.findall(r'ProjectReference Include="([^"]+)"', text):
        references(os.path.normpath(os.path.join(os.path.dirname(project), include)), seen)
needed = set()
references("src/TrialMonitor.Server/TrialMonitor.Server.csproj", needed)
for project in sorted(needed):
    check(f"COPY {project} " in dockerfile, f"Dockerfile: does not copy {project} before the restore")

# The runtime reads the gen0 budget only from the environment: the image, `dotnet run` (the README's main command)
# and the benchmark must give the server the same one, or the bench measures a server nobody deploys.
def gen0(text, pattern):
    found = re.search(pattern, text)
    return found.group(1) if found else None
image_gen0 = gen0(dockerfile, r"DOTNET_GCgen0size=(0x[0-9A-Fa-f]+)")
check(image_gen0 is not None, "Dockerfile: no DOTNET_GCgen0size in the runtime image's ENV")
launch_gen0 = gen0(open("src/TrialMonitor.Server/Properties/launchSettings.json").read(), r'"DOTNET_GCgen0size":\s*"(0x[0-9A-Fa-f]+)"')
check(launch_gen0 == image_gen0, f"launchSettings.json: DOTNET_GCgen0size {launch_gen0}, the image's is {image_gen0}")
bench_gen0 = gen0(open("bench/run-ingest").read(), r"server_env=\(DOTNET_GCgen0size=(0x[0-9A-Fa-f]+)\)")
check(bench_gen0 == image_gen0, f"bench/run-ingest: DOTNET_GCgen0size {bench_gen0}, the image's is {image_gen0}")

if errors:
    for e in errors: print("deploy/validate: FAIL " + e, file=sys.stderr)
    sys.exit(1)
print(f"deploy/validate: compose ({len(services)} services), {sum(len(v) for v in kinds.values())} Kubernetes documents, provisioning and Dockerfile: consistent", file=sys.stderr)
EOF

# 2. Prometheus accepts its configuration.
promtool check config deploy/prometheus/prometheus.yml >/dev/null
say "promtool check config deploy/prometheus/prometheus.yml: SUCCESS"

# 3. The schema step on a real PostgreSQL, as compose's "schema" service and the Job run it.
if [ "${VALIDATE_NO_BUILD:-0}" != 1 ]; then
    dotnet build src/TrialMonitor.Server -c Release --nologo -v quiet >/dev/null
fi
server_connection=${TRIALMONITOR_TEST_POSTGRES:-$(bash tests/postgres/start-local.sh "${TMPDIR:-/tmp}/trialmonitor-test-postgres" 55433 | tail -1)}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$server_connection")
port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$server_connection")
user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$server_connection")
database="tm_deploy_$(date +%s)_$$"
psql() { PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$server_connection") "$pg_bin/psql" -h "$host" -p "${port:-5432}" -U "$user" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql -d postgres -c "CREATE DATABASE $database"
trap 'psql -d postgres -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true' EXIT
connection="Host=$host;Port=${port:-5432};Username=$user;Database=$database"
if [[ "$server_connection" == *Password=* ]]; then connection="$connection;Password=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$server_connection")"; fi
bin="$root/src/TrialMonitor.Server/bin/Release/net10.0"
for run in 1 2; do
    (cd "$bin" && Storage__Provider=Postgres Storage__ConnectionString="$connection" dotnet TrialMonitor.Server.dll schema) >&2
done
tables=$(psql -d "$database" -c "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'")
for table in orleansquery orleansmembershipversiontable orleansmembershiptable orleansstorage orleansreminderstable observation_log observation_quarantine alert_event_log audit_log; do
    if [[ " $tables " != *" $table "* ]]; then say "FAIL: table $table missing after the schema step; found: $tables"; exit 1; fi
done
queries=$(psql -d "$database" -c "SELECT count(*) FROM orleansquery")
say "schema step on PostgreSQL (twice): tables $tables; $queries Orleans queries registered"
say "all checks passed"
