#!/usr/bin/env bash
# k8s/monitoring/check.sh - check the monitoring manifests and run the alert rules' unit tests.
#
#   k8s/monitoring/check.sh     renders k8s/monitoring with `kubectl kustomize`, checks with python3 + PyYAML what the
#                               objects promise, then runs `promtool check rules` and `promtool test rules`;
#                               prints what it checked, exits 1 on any failure, 77 (skipped) when kubectl, PyYAML or
#                               promtool is missing (the checks that need no promtool run and must pass first)
#
# What it checks:
#   objects      a ServiceMonitor per Service of k8s/base: its selector matches the Service's labels, its port is a port
#                name of the Service, path /q/metrics, relabelling that writes service, namespace and pod
#   rules        every PrometheusRule's groups, extracted into plain rule files (promtool's input): every alert has a
#                severity (info, warning, critical) and the annotations summary, description and runbook_url; the
#                runbook_url is runbooks.md's address with an anchor that is a heading of runbooks.md; runbooks.md has no
#                section for an alert that does not exist
#   metrics      every metric name in every rule expression and every dashboard query (panels and variables) is in the
#                captured exposition of the services (testdata/*.metrics, with the ServiceMonitors' relabelling applied:
#                target labels added, the gateway's "service" label renamed "downstream"), or a recording rule, or one
#                of the BUILTINS below (Prometheus, kube-state-metrics, cAdvisor); every label in a selector is one the
#                metric has; an equality matcher's value is one that was captured (regex: matches one); a selector
#                naming a service finds the metric in that service's capture
#   dashboards   valid JSON, unique uids, every panel on the ${datasource} variable, each file in exactly one ConfigMap
#                labelled grafana_dashboard: "1"; every query parses (promtool check rules on them as recording rules)
#   tests        every alert has a case in tests/*.yaml where it fires and one where it does not; promtool test rules
set -euo pipefail

MON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S_DIR="$(dirname "$MON_DIR")"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "skipped: kubectl not installed (it renders k8s/monitoring: kubectl kustomize)"
  exit 77
fi
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
  echo "skipped: python3 with PyYAML is needed (apt-get install python3-yaml)"
  exit 77
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if ! kubectl kustomize "$MON_DIR" > "$WORK/monitoring.yaml" 2> "$WORK/render.err"; then
  echo "FAIL: kubectl kustomize k8s/monitoring does not render:"
  cat "$WORK/render.err"
  exit 1
fi
# the Services the ServiceMonitors must find, as the base renders them
kubectl kustomize "$K8S_DIR/base" > "$WORK/base.yaml"

python3 - "$MON_DIR" "$WORK" <<'PYTHON'
import collections, glob, json, os, re, sys
import yaml

mon, work = sys.argv[1], sys.argv[2]
SERVICES = ["gateway", "transcription-service", "diary-service", "news-service", "sync-service"]
RUNBOOK_BASE = "https://github.com/dnevnik/dnevnik/blob/main/k8s/monitoring/runbooks.md#"
SEVERITIES = {"info", "warning", "critical"}
# labels every scraped series gets from the target (the ServiceMonitors' relabelling and Prometheus' own)
TARGET_LABELS = {"namespace", "service", "pod", "job", "instance", "container", "endpoint"}
# metrics that do not come from Dnevnik, with the labels they carry (None: any)
BUILTINS = {
    "up": TARGET_LABELS,                                            # Prometheus, per scraped target
    "ALERTS": None,                                                 # Prometheus, the alerts and their labels
    "kube_pod_status_ready": {"namespace", "pod", "uid", "condition"},                     # kube-state-metrics
    "kube_pod_container_resource_limits": {"namespace", "pod", "uid", "container", "node", "resource", "unit"},
    "container_memory_working_set_bytes": {"namespace", "pod", "container", "id", "image", "name"},   # cAdvisor
    "container_cpu_usage_seconds_total": {"namespace", "pod", "container", "id", "image", "name", "cpu"},
}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
            "inf", "nan", "atan2"}

failures = []
checked = collections.OrderedDict()


def rule(name, subject, ok, why=""):
    checked.setdefault(name, []).append(subject)
    if not ok:
        failures.append(f"{name}: {subject}" + (f" ({why})" if why else ""))
    return ok


# ---- the captured exposition ---------------------------------------------------------------------------------------
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
captured = {}          # metric -> {label -> set(values)}
captured_in = collections.defaultdict(set)   # metric -> services whose capture has it
captured_files = collections.defaultdict(set)  # metric -> files that have it
files = sorted(glob.glob(os.path.join(mon, "testdata", "*.metrics")))
for path in files:
    base = os.path.basename(path)
    service = next(s for s in SERVICES if base.startswith(s))
    for line in open(path, encoding="utf-8"):
        m = SAMPLE.match(line)
        if not m:
            continue
        name, labels = m.group(1), dict(LABEL.findall(m.group(2) or ""))
        if service == "gateway" and "service" in labels:          # the gateway ServiceMonitor's metricRelabelings
            labels["downstream"] = labels.pop("service")
        labels.update({"namespace": "dnevnik", "service": service, "pod": f"{service}-0", "job": service,
                       "instance": "", "container": service, "endpoint": "http"})
        entry = captured.setdefault(name, {})
        for k, v in labels.items():
            entry.setdefault(k, set()).add(v)
        captured_in[name].add(service)
        captured_files[name].add(base[:-len(".metrics")])
print(f"reference: {len(captured)} metric names captured in {len(files)} files: "
      + ", ".join(os.path.basename(f) for f in files))

# ---- objects -------------------------------------------------------------------------------------------------------
objects = [o for o in yaml.safe_load_all(open(os.path.join(work, "monitoring.yaml"))) if o]
base = [o for o in yaml.safe_load_all(open(os.path.join(work, "base.yaml"))) if o]
by_kind = collections.defaultdict(list)
for o in objects:
    by_kind[o["kind"]].append(o)
    rule("objects: namespaced in dnevnik, part-of dnevnik", f'{o["kind"]}/{o["metadata"]["name"]}',
         o["metadata"].get("namespace") == "dnevnik"
         and (o["metadata"].get("labels") or {}).get("app.kubernetes.io/part-of") == "dnevnik")

services = {o["metadata"]["name"]: o for o in base if o["kind"] == "Service"}
monitors = by_kind["ServiceMonitor"]
for name in SERVICES:
    svc = services[name]
    found = [m for m in monitors
             if all((svc["metadata"].get("labels") or {}).get(k) == v
                    for k, v in m["spec"]["selector"].get("matchLabels", {}).items())]
    if not rule("servicemonitors: one selects the Service by its labels", name, len(found) == 1,
                f"{len(found)} ServiceMonitors select it"):
        continue
    ports = {p["name"] for p in svc["spec"]["ports"]}
    for ep in found[0]["spec"]["endpoints"]:
        rule("servicemonitors: port is a port name of the Service", name, ep.get("port") in ports, ep.get("port"))
        rule("servicemonitors: path /q/metrics", name, ep.get("path") == "/q/metrics", ep.get("path"))
        written = {r.get("targetLabel"): r.get("sourceLabels") for r in ep.get("relabelings", [])}
        rule("servicemonitors: relabelling writes service, namespace, pod", name,
             written.get("service") == ["__meta_kubernetes_service_name"]
             and written.get("namespace") == ["__meta_kubernetes_namespace"]
             and written.get("pod") == ["__meta_kubernetes_pod_name"], str(written))
        renames = {r.get("targetLabel") for r in ep.get("metricRelabelings", [])}
        if name == "gateway":
            rule("servicemonitors: the gateway's downstream label", name, "downstream" in renames)

# ---- rules ---------------------------------------------------------------------------------------------------------
runbook = open(os.path.join(mon, "runbooks.md"), encoding="utf-8").read()


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


anchors = {slug(h) for h in re.findall(r"^#{1,6}\s+(.+)$", runbook, re.M)}
alert_sections = set(re.findall(r"^##\s+(Dnevnik\w+)\s*$", runbook, re.M))

rule_files, exprs, records, alerts = [], [], {}, collections.OrderedDict()
for pr in by_kind["PrometheusRule"]:
    name = pr["metadata"]["name"]
    path = os.path.join(work, f"{name}.rules.yaml")
    with open(path, "w") as f:
        yaml.safe_dump({"groups": pr["spec"]["groups"]}, f, sort_keys=False, allow_unicode=True)
    rule_files.append(path)
    for group in pr["spec"]["groups"]:
        for r in group["rules"]:
            where = f'{name}/{r.get("alert") or r.get("record")}'
            exprs.append((where, r["expr"]))
            if "record" in r:
                records[r["record"]] = r["expr"]
                continue
            alerts.setdefault(r["alert"], []).append(r)
            labels, ann = r.get("labels") or {}, r.get("annotations") or {}
            rule("alerts: severity info|warning|critical", where, labels.get("severity") in SEVERITIES,
                 labels.get("severity"))
            rule("alerts: summary, description, runbook_url", where,
                 all(ann.get(k) for k in ("summary", "description", "runbook_url")))
            url = ann.get("runbook_url", "")
            rule("alerts: runbook_url is a section of runbooks.md", where,
                 url.startswith(RUNBOOK_BASE) and url[len(RUNBOOK_BASE):] in anchors, url)
            rule("alerts: the runbook section is named after the alert", where,
                 url[len(RUNBOOK_BASE):] == r["alert"].lower())
for section in sorted(alert_sections):
    rule("runbooks: every section is an alert that exists", section, section in alerts)
print(f"rules: {len(rule_files)} PrometheusRules, {len(records)} recording rules, "
      f"{sum(len(v) for v in alerts.values())} alerting rules ({len(alerts)} alerts): " + ", ".join(alerts))

# ---- dashboards ----------------------------------------------------------------------------------------------------
dashboard_files = sorted(glob.glob(os.path.join(mon, "dashboards", "*.json")))
configmaps = [o for o in by_kind["ConfigMap"] if (o["metadata"].get("labels") or {}).get("grafana_dashboard") == "1"]
uids = {}
for path in dashboard_files:
    base_name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    holders = [c["metadata"]["name"] for c in configmaps if (c.get("data") or {}).get(base_name) == text]
    rule("dashboards: in exactly one ConfigMap labelled grafana_dashboard=1", base_name, len(holders) == 1, str(holders))
    try:
        board = json.loads(text)
    except ValueError as e:
        rule("dashboards: valid JSON", base_name, False, str(e))
        continue
    rule("dashboards: valid JSON", base_name, True)
    rule("dashboards: unique uid", base_name, board.get("uid") and board["uid"] not in uids, board.get("uid"))
    uids[board.get("uid")] = base_name

    def panels(items):
        for p in items:
            yield p
            yield from panels(p.get("panels", []))

    count = 0
    for p in panels(board.get("panels", [])):
        if p.get("type") == "row":
            continue
        rule("dashboards: every panel on the ${datasource} variable", f'{base_name}: {p.get("title")}',
             (p.get("datasource") or {}).get("uid") == "${datasource}")
        for t in p.get("targets", []):
            rule("dashboards: every query on the ${datasource} variable", f'{base_name}: {p.get("title")}',
                 (t.get("datasource") or {}).get("uid") == "${datasource}")
            exprs.append((f'{base_name}: {p.get("title")}', t["expr"]))
            count += 1
    for v in board.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
            m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\)\s*", q)
            if rule("dashboards: variables are label_values(selector, label)", f'{base_name}: ${v["name"]}', bool(m), q):
                exprs.append((f'{base_name}: variable ${v["name"]}', m.group(1)))
                count += 1
    print(f"dashboard {base_name}: {count} queries")
for c in configmaps:
    for key in c.get("data") or {}:
        rule("dashboards: every ConfigMap file is a dashboard of dashboards/", f'{c["metadata"]["name"]}/{key}',
             os.path.exists(os.path.join(mon, "dashboards", key)))


# ---- metric names and labels in every expression -------------------------------------------------------------------
def grafana(expr):
    """A dashboard query as PromQL: Grafana's interval variables as durations, the others as a placeholder value."""
    expr = re.sub(r"\$__rate_interval|\$\{__rate_interval\}", "5m", expr)
    expr = re.sub(r"\$__interval|\$__range", "1h", expr)
    return re.sub(r"\$\{?\w+\}?", "__VAR__", expr)


STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
SELECTOR = re.compile(r'(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^{}]*)\}')
MATCHER = re.compile(r'([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')


def names(expr):
    """Metric names in a PromQL expression (not functions, keywords, label names, strings or durations)."""
    e = STRING.sub('""', expr)
    e = re.sub(r"\{[^{}]*\}", "", e)
    e = re.sub(r"\[[^\[\]]*\]", "", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    found = set()
    for m in re.finditer(r"(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)", e):
        word, rest = m.group(1), e[m.end():]
        if word.lower() in KEYWORDS or re.match(r"\s*\(", rest):
            continue
        found.add(word)
    return found


def selectors(expr):
    """(metric, [(label, op, value)]) of every selector with matchers."""
    for m in SELECTOR.finditer(expr):
        yield m.group(1), MATCHER.findall(m.group(2))


def record_labels(name, seen=()):
    """The labels a recording rule's series carry: its by-clauses, label_replace targets, or what it divides."""
    expr = records[name]
    labels = set()
    for clause in re.findall(r"\bby\s*\(([^)]*)\)", expr):
        labels |= {l.strip() for l in clause.split(",") if l.strip()}
    labels |= set(re.findall(r'label_replace\([^"]*"(\w+)"', expr))
    if not re.search(r"\b(sum|max|min|avg|count)\b", expr):
        for n in names(expr):
            if n in records and n not in seen:
                labels |= record_labels(n, seen + (name,))
    return labels - {"le"}


metric_uses = collections.defaultdict(set)
for where, expr in exprs:
    expr = grafana(expr)
    for n in names(expr):
        metric_uses[n].add(where)
        known = n in captured or n in records or n in BUILTINS
        rule("metrics: every name exists (captured, recording rule or built-in)", n, known, where)
    for metric, matchers in selectors(expr):
        if metric in records:
            allowed, values = record_labels(metric), None
        elif metric in BUILTINS:
            allowed, values = BUILTINS[metric], None
        elif metric in captured:
            allowed, values = set(captured[metric]), captured[metric]
        else:
            continue
        for label, op, value in matchers:
            rule("labels: every selector label is one the metric has", f"{metric}{{{label}}}",
                 allowed is None or label in allowed, where)
            if values is None or label not in values or "__VAR__" in value or op in ("!=", "!~"):
                continue
            if label == "service":
                pattern = value if op == "=~" else re.escape(value)
                rule("labels: the named service exposes the metric", f'{metric}{{service{op}"{value}"}}',
                     any(re.fullmatch(pattern, s) for s in captured_in[metric]), where)
            elif label in TARGET_LABELS:
                continue
            elif op == "=":
                rule("labels: an equality matcher's value was captured", f'{metric}{{{label}="{value}"}}',
                     value in values[label], f"{where}; captured: {sorted(values[label])}")
            else:
                rule("labels: a regex matcher matches a captured value", f'{metric}{{{label}=~"{value}"}}',
                     any(re.fullmatch(value, v) for v in values[label]), f"{where}; captured: {sorted(values[label])}")

print(f"metrics: {len(metric_uses)} names used in {len(exprs)} expressions")
for n in sorted(metric_uses):
    source = ("recording rule" if n in records else "built-in" if n in BUILTINS
              else "captured: " + ", ".join(sorted(captured_files[n])) if n in captured else "MISSING")
    print(f"  {n:60} {source}")

# dashboard queries as recording rules, so that promtool parses them
with open(os.path.join(work, "dashboards.queries.yaml"), "w") as f:
    yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": [
        {"record": f"dashboard:query_{i}", "expr": grafana(e)} for i, (w, e) in enumerate(exprs)
        if w.split(":")[0].endswith(".json")]}]}, f, sort_keys=False, allow_unicode=True)

# ---- unit tests cover every alert ----------------------------------------------------------------------------------
fires, quiet = collections.defaultdict(int), collections.defaultdict(int)
tests = sorted(glob.glob(os.path.join(mon, "tests", "*.yaml")))
for path in tests:
    doc = yaml.safe_load(open(path))
    for t in doc.get("tests", []):
        for a in t.get("alert_rule_test", []):
            (fires if a.get("exp_alerts") else quiet)[a["alertname"]] += 1
for name in alerts:
    rule("tests: every alert has a case where it fires", name, fires[name] > 0)
    rule("tests: every alert has a case where it does not fire", name, quiet[name] > 0)
print(f"tests: {len(tests)} files; cases per alert (fires / does not):")
for name in alerts:
    print(f"  {name:40} {fires[name]} / {quiet[name]}")

# ---- report --------------------------------------------------------------------------------------------------------
print()
for name, subjects in checked.items():
    print(f"checked  {name}: {len(subjects)}")
if failures:
    print()
    for f in failures:
        print("FAIL  " + f)
    sys.exit(1)
print("all checks passed")
PYTHON

if ! command -v promtool >/dev/null 2>&1; then
  echo "skipped: promtool not installed (apt-get install prometheus)"
  exit 77
fi
echo
echo "== $(promtool --version 2>&1 | head -1)"
echo "== promtool check rules (the PrometheusRules' groups, and the dashboards' queries as recording rules)"
promtool check rules "$WORK"/*.rules.yaml "$WORK/dashboards.queries.yaml"
echo "== promtool test rules"
mkdir -p "$WORK/tests"
cp "$MON_DIR"/tests/*.yaml "$WORK/tests/"
# the tests name the extracted rule files relative to themselves: ../dnevnik-<name>.rules.yaml
( cd "$WORK/tests" && promtool test rules *.yaml )
