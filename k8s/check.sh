#!/usr/bin/env bash
# k8s/check.sh - render every overlay and check what the manifests promise.
#
#   k8s/check.sh            renders k8s/overlays/{jvm,native,managed-postgresql} with `kubectl kustomize` and asserts,
#                           with python3 + PyYAML, the rules below on the rendered objects; prints each rule it checked
#                           and every violation; exits 1 on a violation, 77 (skipped) when kubectl or PyYAML is missing
#
# The rules (the reference for the Java tests of the Maven build, which will assert the same on the same renders):
#   workloads    every Deployment: startup, liveness and readiness probes (the services' on /q/health/started, live,
#                ready); cpu and memory requests and limits, requests <= limits; runAsNonRoot, readOnlyRootFilesystem,
#                no privilege escalation, all capabilities dropped, RuntimeDefault seccomp; no service-account token
#                (pod and ServiceAccount); an image with a pinned tag (not latest, not untagged); the services: /tmp
#                writable (emptyDir); PodDisruptionBudget and HorizontalPodAutoscaler (autoscaling/v2)
#   flavours     jvm: -jvm tags and JAVA_OPTS with a heap cap; native: -native tags, no JAVA_OPTS, memory limit <= 192Mi
#   network      a default-deny NetworkPolicy; every Service's pods selected by a NetworkPolicy of their own that lets
#                traffic in on the Service's port; the services reachable only from the gateway (the gateway only from
#                ingress-nginx) and from Prometheus; egress to public addresses only for the services that call
#                providers, never to private, CGNAT or link-local ranges
#   config       every variable a service is given is one its application.properties reads (the typical bug is a wrong
#                name), every variable it needs without a default is given; PORT = the container port = the Service's
#                target; the gateway's *_SERVICE_URL name Services and ports that exist; JWT key locations are files the
#                mounted Secrets provide (the private key in the gateway only); database credentials from the
#                service's own Secret; with CloudNativePG: DB_HOST is the Cluster's rw Service and each service's
#                database and role are declared; REDIS_URL names the Redis Service
#   ingress      nginx class, TLS, backend = the gateway's Service port, body size = the gateway's largest route body
#                (computed from gateway/.../routing/Route.java) = quarkus.http.limits.max-body-size
#   all          every namespaced object in namespace dnevnik, labelled app.kubernetes.io/part-of=dnevnik
set -euo pipefail

K8S_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$K8S_DIR")"
OVERLAYS=(jvm native managed-postgresql)

if ! command -v kubectl >/dev/null 2>&1; then
  echo "SKIPPED: kubectl is not installed (it renders the overlays: kubectl kustomize)"
  exit 77
fi
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
  echo "SKIPPED: python3 with PyYAML is needed (apt-get install python3-yaml)"
  exit 77
fi

RENDERS="$(mktemp -d)"
trap 'rm -rf "$RENDERS"' EXIT
for overlay in "${OVERLAYS[@]}"; do
  if ! kubectl kustomize "$K8S_DIR/overlays/$overlay" > "$RENDERS/$overlay.yaml" 2> "$RENDERS/$overlay.err"; then
    echo "FAIL: kubectl kustomize k8s/overlays/$overlay does not render:"
    cat "$RENDERS/$overlay.err"
    exit 1
  fi
done

python3 - "$ROOT" "$RENDERS" "${OVERLAYS[@]}" <<'PYTHON'
import collections, ipaddress, os, re, sys
import yaml

root, renders, overlays = sys.argv[1], sys.argv[2], sys.argv[3:]
NAMESPACE = "dnevnik"
SERVICES = ["gateway", "transcription-service", "diary-service", "news-service", "sync-service"]
PROVIDER_CALLERS = {"transcription-service": {443}, "news-service": {80, 443}, "sync-service": {443}}
PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")]
CLUSTER_SCOPED = {"Namespace"}

failures = []
checked = collections.OrderedDict()   # rule -> set of subjects


def rule(name, subject, ok, why=""):
    checked.setdefault(name, set()).add(subject)
    if not ok:
        failures.append(f"{name}: {subject}" + (f" ({why})" if why else ""))
    return ok


# ---- what the services read ---------------------------------------------------------------------------------------
VAR = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(:|\})")


def properties(module):
    """(variables read in production, variables needed without a default) of a module's application.properties."""
    path = os.path.join(root, module, "src/main/resources/application.properties")
    read, required = set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or (line.startswith("%") and not line.startswith("%prod.")):
                continue
            for name, end in VAR.findall(line):
                read.add(name)
                if end == "}":
                    required.add(name)
    return read, required


def property_value(module, key):
    path = os.path.join(root, module, "src/main/resources/application.properties")
    for line in open(path, encoding="utf-8"):
        if line.startswith(key + "="):
            return line.split("=", 1)[1].strip()
    return None


def memory_bytes(text):
    m = re.fullmatch(r"(\d+)([KMG]i?|[kmg])?", str(text))
    if not m:
        raise ValueError(f"not a size: {text}")
    unit = {None: 1, "K": 1024, "k": 1024, "Ki": 1024, "M": 1024 ** 2, "m": 1024 ** 2, "Mi": 1024 ** 2,
            "G": 1024 ** 3, "g": 1024 ** 3, "Gi": 1024 ** 3}[m.group(2)]
    return int(m.group(1)) * unit


def cpu_millis(text):
    text = str(text)
    return int(text[:-1]) if text.endswith("m") else int(float(text) * 1000)


def largest_route_body():
    """The largest maxBodyBytes of the gateway's route table, evaluated from Route.java's own constants."""
    source = open(os.path.join(root, "gateway/src/main/java/dev/dnevnik/gateway/routing/Route.java")).read()
    constants = {}
    for name, expr in re.findall(r"static final long (\w+) = ([^;]+);", source):
        constants[name] = safe_eval(expr, constants)
    sizes = [constants.get("DEFAULT_MAX_BODY", 0)]
    sizes += [safe_eval(expr, constants) for expr in re.findall(r"bodyUpTo\(([^)]*(?:\([^)]*\))?[^)]*)\)", source)
              if expr.strip() != "long bytes"]
    return max(sizes)


def safe_eval(expr, constants):
    if not re.fullmatch(r"[\w\s*+()]+", expr):
        raise ValueError(f"unexpected expression in Route.java: {expr}")
    return eval(expr, {"__builtins__": {}}, dict(constants))


# ---- selectors ------------------------------------------------------------------------------------------------------
def selects(selector, labels):
    if selector is None:
        return False
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        k, op, values = e["key"], e["operator"], e.get("values") or []
        if op == "In" and labels.get(k) not in values:
            return False
        if op == "NotIn" and labels.get(k) in values:
            return False
        if op == "Exists" and k not in labels:
            return False
        if op == "DoesNotExist" and k in labels:
            return False
    return True


def empty_selector(selector):
    return not (selector or {}).get("matchLabels") and not (selector or {}).get("matchExpressions")


def check_overlay(overlay):
    docs = [d for d in yaml.safe_load_all(open(os.path.join(renders, overlay + ".yaml"))) if d]
    by_kind = collections.defaultdict(dict)
    for d in docs:
        by_kind[d["kind"]][d["metadata"]["name"]] = d
    counts = collections.Counter(d["kind"] for d in docs)
    print(f"k8s/overlays/{overlay}: {len(docs)} objects: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    flavour = "native" if overlay == "native" else "jvm"
    deployments = by_kind["Deployment"]
    configmaps = by_kind["ConfigMap"]
    services = by_kind["Service"]
    policies = list(by_kind["NetworkPolicy"].values())
    clusters = list(by_kind["Cluster"].values())
    subject = lambda kind, name: f"{overlay}: {kind} {name}"

    # ---- every object
    for d in docs:
        s = subject(d["kind"], d["metadata"]["name"])
        if d["kind"] not in CLUSTER_SCOPED:
            rule("every namespaced object is in namespace dnevnik", s, d["metadata"].get("namespace") == NAMESPACE)
        rule("every object is labelled app.kubernetes.io/part-of=dnevnik", s,
             (d["metadata"].get("labels") or {}).get("app.kubernetes.io/part-of") == "dnevnik")

    rule("the five services are deployed", overlay, set(SERVICES) <= set(deployments),
         f"missing {sorted(set(SERVICES) - set(deployments))}")

    # ---- workloads
    for name, dep in deployments.items():
        s = subject("Deployment", name)
        pod = dep["spec"]["template"]["spec"]
        pod_labels = dep["spec"]["template"]["metadata"].get("labels") or {}
        pod_sc = pod.get("securityContext") or {}
        rule("the pod template carries the Deployment's selector labels", s, selects(dep["spec"]["selector"], pod_labels))
        rule("no service-account token is mounted (pod spec)", s, pod.get("automountServiceAccountToken") is False)
        sa = by_kind["ServiceAccount"].get(pod.get("serviceAccountName"))
        rule("every Deployment runs as its own ServiceAccount, which mounts no token", s,
             sa is not None and sa.get("automountServiceAccountToken") is False, f"ServiceAccount {pod.get('serviceAccountName')}")
        rule("RuntimeDefault seccomp", s, (pod_sc.get("seccompProfile") or {}).get("type") == "RuntimeDefault")
        rule("pod runs as a non-root user", s, pod_sc.get("runAsNonRoot") is True and pod_sc.get("runAsUser", 1) != 0)
        for c in pod["containers"] + pod.get("initContainers", []):
            cs = f"{s} container {c['name']}"
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                rule("every container has startup, liveness and readiness probes", cs, probe in c, f"no {probe}")
            res = c.get("resources") or {}
            req, lim = res.get("requests") or {}, res.get("limits") or {}
            if rule("cpu and memory requests and limits are set", cs,
                    all(r in req and r in lim for r in ("cpu", "memory")), f"resources {res}"):
                rule("requests do not exceed limits", cs,
                     cpu_millis(req["cpu"]) <= cpu_millis(lim["cpu"]) and memory_bytes(req["memory"]) <= memory_bytes(lim["memory"]))
            sc = c.get("securityContext") or {}
            rule("runAsNonRoot", cs, sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True)
            rule("readOnlyRootFilesystem", cs, sc.get("readOnlyRootFilesystem") is True)
            rule("allowPrivilegeEscalation false", cs, sc.get("allowPrivilegeEscalation") is False)
            rule("all capabilities dropped", cs, "ALL" in ((sc.get("capabilities") or {}).get("drop") or []))
            rule("no privileged container", cs, not sc.get("privileged"))
            image = c["image"]
            last = image.rsplit("/", 1)[-1]
            tag = last.split(":", 1)[1] if ":" in last else None
            rule("every image has a pinned tag (not latest, not untagged)", cs,
                 "@sha256:" in image or (tag is not None and tag != "latest"), image)

    # ---- the five services
    largest = largest_route_body()
    for name in SERVICES:
        dep = deployments.get(name)
        if dep is None:
            continue
        s = subject("Deployment", name)
        pod = dep["spec"]["template"]["spec"]
        pod_labels = dep["spec"]["template"]["metadata"]["labels"]
        c = pod["containers"][0]
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        http = ports.get("http")
        rule("every service names its port http", s, http is not None)
        for probe, path in (("startupProbe", "/q/health/started"), ("livenessProbe", "/q/health/live"),
                            ("readinessProbe", "/q/health/ready")):
            get = (c.get(probe) or {}).get("httpGet") or {}
            rule("the services' probes are /q/health/started, /q/health/live, /q/health/ready on port http", s,
                 get.get("path") == path and get.get("port") in ("http", http), f"{probe} {get}")
        mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        tmp = mounts.get("/tmp")
        rule("the services have a writable /tmp (emptyDir)", s, tmp is not None and "emptyDir" in volumes.get(tmp["name"], {}))

        image = c["image"]
        rule(f"{flavour}: images carry the -{flavour} tag", s, image.endswith(f"-{flavour}"), image)
        env_names = [e["name"] for e in c.get("env", [])]
        if flavour == "jvm":
            java = next((e.get("value", "") for e in c.get("env", []) if e["name"] == "JAVA_OPTS"), None)
            rule("jvm: JAVA_OPTS caps the heap (MaxRAMPercentage or -Xmx)", s,
                 java is not None and ("MaxRAMPercentage" in java or "-Xmx" in java), str(java))
        else:
            rule("native: no JAVA_OPTS", s, "JAVA_OPTS" not in env_names)
            rule("native: memory limit at most 192Mi", s,
                 memory_bytes(c["resources"]["limits"]["memory"]) <= memory_bytes("192Mi"))

        # configuration: the environment the container gets
        given = {}
        for source in c.get("envFrom", []):
            ref = source.get("configMapRef")
            if ref:
                cm = configmaps.get(ref["name"])
                if rule("every envFrom ConfigMap exists", s, cm is not None or ref.get("optional"), ref["name"]) and cm:
                    given.update({k: ("configmap", v) for k, v in (cm.get("data") or {}).items()})
        for e in c.get("env", []):
            given[e["name"]] = ("secret", e["valueFrom"]["secretKeyRef"]) if "valueFrom" in e else ("value", e.get("value"))
        read, required = properties(name)
        image_level = {"JAVA_OPTS"}
        for var in sorted(given):
            rule("every variable a service is given is one its application.properties reads", f"{s} {var}",
                 var in read or var in image_level)
        for var in sorted(required):
            rule("every variable a service needs without a default is given", f"{s} {var}", var in given)
        value = lambda var: given.get(var, (None, None))[1]

        port = value("PORT")
        rule("PORT is the container port named http", s, port is not None and int(port) == http, f"PORT={port}, http={http}")
        svc = services.get(name)
        if rule("every service has a Service of its name", s, svc is not None):
            rule("the Service selects the Deployment's pods", s, selects({"matchLabels": svc["spec"]["selector"]}, pod_labels))
            sp = next((p for p in svc["spec"]["ports"] if p.get("name") == "http"), None)
            rule("the Service's port http targets the container's port http", s,
                 sp is not None and sp.get("targetPort") in ("http", http) and sp["port"] == http)

        for var in ("DB_USER", "DB_PASSWORD"):
            kind, ref = given.get(var, (None, None))
            rule("database credentials come from the service's own Secret", f"{s} {var}",
                 kind == "secret" and ref["name"] == f"dnevnik-{name.removesuffix('-service')}-db"
                 and ref["key"] == {"DB_USER": "username", "DB_PASSWORD": "password"}[var], str(ref))

        # JWT keys: files in the mounted Secrets; the private key in the gateway only
        provided = {}
        for mount_path, m in mounts.items():
            v = volumes.get(m["name"], {})
            sources = (v.get("projected") or {}).get("sources") or ([{"secret": v["secret"]}] if "secret" in v else [])
            for src in sources:
                sec = src.get("secret")
                if not sec:
                    continue
                secret_name = sec.get("name") or sec.get("secretName")
                for item in sec.get("items") or []:
                    provided[os.path.join(mount_path, item["path"])] = (secret_name, item["key"])
        for var in ("JWT_PUBLIC_KEY_LOCATION", "JWT_PRIVATE_KEY_LOCATION"):
            if var in given:
                rule("JWT key locations are files the mounted Secrets provide", f"{s} {var}", value(var) in provided,
                     f"{value(var)} not among {sorted(provided)}")
        has_private = any(secret == "dnevnik-jwt-private" for secret, _ in provided.values())
        rule("the JWT private key is mounted in the gateway only", s, has_private == (name == "gateway"))

        # PostgreSQL
        for cluster in clusters:
            cname = cluster["metadata"]["name"]
            rule("with CloudNativePG, DB_HOST is the Cluster's rw Service", s, value("DB_HOST") == f"{cname}-rw", value("DB_HOST"))
            secret = f"dnevnik-{name.removesuffix('-service')}-db"
            roles = [r for r in (cluster["spec"].get("managed") or {}).get("roles", [])
                     if (r.get("passwordSecret") or {}).get("name") == secret]
            if rule("with CloudNativePG, each service's role is managed from its database Secret", s, len(roles) == 1):
                role = roles[0]
                rule("with CloudNativePG, the role can log in", s, role.get("login") is True and role.get("ensure", "present") == "present")
                dbs = [db for db in by_kind["Database"].values()
                       if db["spec"]["name"] == value("DB_NAME") and db["spec"]["cluster"]["name"] == cname]
                rule("with CloudNativePG, each service's database (DB_NAME) is declared, owned by its role", s,
                     len(dbs) == 1 and dbs[0]["spec"]["owner"] == role["name"], f"DB_NAME={value('DB_NAME')}")

        # the gateway's upstreams and Redis
        if name == "gateway":
            for var in sorted(v for v in given if v.endswith("_SERVICE_URL")):
                m = re.fullmatch(r"http://([a-z0-9-]+):(\d+)", value(var) or "")
                target = services.get(m.group(1)) if m else None
                rule("the gateway's *_SERVICE_URL name a Service and its port", f"{s} {var}",
                     target is not None and int(m.group(2)) in [p["port"] for p in target["spec"]["ports"]], value(var))
            for module in SERVICES[1:]:
                var = module.removesuffix("-service").upper() + "_SERVICE_URL"
                rule("the gateway is told where every service is", f"{s} {var}", var in given)
            if "REDIS_URL" in given:
                m = re.fullmatch(r"redis://([a-z0-9-]+):(\d+)", value("REDIS_URL") or "")
                target = services.get(m.group(1)) if m else None
                rule("REDIS_URL names the Redis Service and its port", s,
                     target is not None and int(m.group(2)) in [p["port"] for p in target["spec"]["ports"]], value("REDIS_URL"))

        # availability
        pdbs = [p for p in by_kind["PodDisruptionBudget"].values() if selects(p["spec"]["selector"], pod_labels)]
        rule("every service has a PodDisruptionBudget (minAvailable 1)", s,
             len(pdbs) == 1 and pdbs[0]["spec"].get("minAvailable") == 1)
        hpas = [h for h in by_kind["HorizontalPodAutoscaler"].values()
                if h["spec"]["scaleTargetRef"]["kind"] == "Deployment" and h["spec"]["scaleTargetRef"]["name"] == name]
        if rule("every service has a HorizontalPodAutoscaler (autoscaling/v2)", s,
                len(hpas) == 1 and hpas[0]["apiVersion"] == "autoscaling/v2"):
            h = hpas[0]["spec"]
            cpu = [m for m in h.get("metrics", []) if m["type"] == "Resource" and m["resource"]["name"] == "cpu"]
            rule("HPA: CPU 70 %, 2 to 6 replicas", s, h["minReplicas"] == 2 and h["maxReplicas"] == 6 and len(cpu) == 1
                 and cpu[0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70})
            rule("the HPA owns the replica count (none in the Deployment)", s, "replicas" not in dep["spec"])

    # ---- network
    deny = [p for p in policies if empty_selector(p["spec"].get("podSelector"))
            and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    rule("a default-deny NetworkPolicy (ingress and egress) covers the namespace", overlay, len(deny) == 1)

    def pods_of_service(svc):
        return [d for d in deployments.values() if selects({"matchLabels": svc["spec"]["selector"]},
                                                           d["spec"]["template"]["metadata"].get("labels") or {})]

    def container_port(dep, target):
        if isinstance(target, int):
            return target
        for c in dep["spec"]["template"]["spec"]["containers"]:
            for p in c.get("ports", []):
                if p.get("name") == target:
                    return p["containerPort"]
        return None

    def allows(rule_ports, port):
        return not rule_ports or any(p.get("port") == port for p in rule_ports)

    for sname, svc in services.items():
        s = subject("Service", sname)
        deps = pods_of_service(svc)
        if not rule("every Service selects the pods of a Deployment", s, len(deps) >= 1):
            continue
        for dep in deps:
            labels = dep["spec"]["template"]["metadata"]["labels"]
            own = [p for p in policies if not empty_selector(p["spec"].get("podSelector")) and selects(p["spec"]["podSelector"], labels)]
            rule("every Service's pods are selected by a NetworkPolicy of their own", s, len(own) >= 1)
            for sp in svc["spec"]["ports"]:
                port = container_port(dep, sp.get("targetPort", sp["port"]))
                rule("that NetworkPolicy lets traffic in on the Service's port", f"{s} port {sp['port']}",
                     any(allows(r.get("ports"), port) for p in own for r in p["spec"].get("ingress") or []))

    for name in SERVICES:
        dep = deployments.get(name)
        if dep is None:
            continue
        s = subject("Deployment", name)
        labels = dep["spec"]["template"]["metadata"]["labels"]
        own = [p for p in policies if not empty_selector(p["spec"].get("podSelector")) and selects(p["spec"]["podSelector"], labels)]
        peers = [peer for p in own for r in p["spec"].get("ingress") or [] for peer in r.get("from") or [{}]]
        allowed_sources = []
        for peer in peers:
            ns = ((peer.get("namespaceSelector") or {}).get("matchLabels") or {}).get("kubernetes.io/metadata.name")
            pod = (peer.get("podSelector") or {}).get("matchLabels") or {}
            if "ipBlock" in peer or (not peer):
                allowed_sources.append("anywhere")
            elif ns:
                allowed_sources.append(f"namespace {ns}")
            elif pod.get("app.kubernetes.io/name"):
                allowed_sources.append(pod["app.kubernetes.io/name"])
            else:
                allowed_sources.append(f"other {peer}")
        expected = {"namespace ingress-nginx", "namespace monitoring"} if name == "gateway" else {"gateway", "namespace monitoring"}
        rule("only the ingress controller reaches the gateway; only the gateway reaches a service; Prometheus reaches all",
             s, set(allowed_sources) == expected, f"from {sorted(set(allowed_sources))}")

        egress = [r for p in own for r in p["spec"].get("egress") or []]
        rule("every service may reach PostgreSQL (5432)", s, any(allows(r.get("ports"), 5432) and any(
            "podSelector" in peer for peer in r.get("to") or []) for r in egress))
        public_ports = set()
        for r in egress:
            for peer in r.get("to") or []:
                block = peer.get("ipBlock")
                if not block or ipaddress.ip_network(block["cidr"]).prefixlen != 0:
                    continue
                excepted = [ipaddress.ip_network(e) for e in block.get("except", [])]
                net = ipaddress.ip_network(block["cidr"])
                if net.version == 4:
                    rule("public egress excludes 10/8, 172.16/12, 192.168/16 and 169.254/16", s,
                         all(any(p.subnet_of(e) for e in excepted) for p in PRIVATE), str(block))
                public_ports |= {p["port"] for p in r.get("ports") or []}
        rule("egress to public addresses only for the services that call providers, on their ports", s,
             public_ports == PROVIDER_CALLERS.get(name, set()), f"ports {sorted(public_ports)}")
        if name == "gateway":
            for upstream in SERVICES[1:]:
                udep = deployments.get(upstream)
                port = udep["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"]
                ulabels = udep["spec"]["template"]["metadata"]["labels"]
                rule("the gateway may reach every service it calls", f"{s} -> {upstream}", any(
                    allows(r.get("ports"), port) and any(selects(peer.get("podSelector"), ulabels) for peer in r.get("to") or [])
                    for r in egress))
            if "redis" in deployments:
                rlabels = deployments["redis"]["spec"]["template"]["metadata"]["labels"]
                rule("the gateway may reach Redis (6379)", s, any(
                    allows(r.get("ports"), 6379) and any(selects(peer.get("podSelector"), rlabels) for peer in r.get("to") or [])
                    for r in egress))

    # ---- ingress
    ingresses = by_kind["Ingress"]
    rule("one Ingress, for the gateway", overlay, list(ingresses) == ["gateway"])
    for iname, ing in ingresses.items():
        s = subject("Ingress", iname)
        spec = ing["spec"]
        rule("Ingress: class nginx", s, spec.get("ingressClassName") == "nginx")
        rule("Ingress: TLS from a Secret for every host", s, bool(spec.get("tls")) and all(t.get("secretName") for t in spec["tls"])
             and {h for r in spec["rules"] for h in [r.get("host")]} <= {h for t in spec["tls"] for h in t.get("hosts", [])})
        for r in spec["rules"]:
            for p in r["http"]["paths"]:
                b = p["backend"]["service"]
                target = services.get(b["name"])
                rule("Ingress: backends are the gateway's Service and port", s, b["name"] == "gateway" and target is not None
                     and any(sp.get("name") == b["port"].get("name") or sp["port"] == b["port"].get("number") for sp in target["spec"]["ports"]))
        body = (ing["metadata"].get("annotations") or {}).get("nginx.ingress.kubernetes.io/proxy-body-size")
        rule("Ingress: body size = the gateway's largest route body (Route.java)", s,
             body is not None and memory_bytes(body) == largest, f"{body} vs {largest} bytes")
        rule("Ingress: body size = the gateway's quarkus.http.limits.max-body-size", s,
             body is not None and memory_bytes(body) == memory_bytes(property_value("gateway", "quarkus.http.limits.max-body-size")))


for overlay in overlays:
    check_overlay(overlay)

print()
for name, subjects in checked.items():
    print(f"  checked  {name}  ({len(subjects)})")
print()
if failures:
    print(f"FAILED: {len(failures)} violation(s)")
    for f in failures:
        print("  - " + f)
    sys.exit(1)
print(f"OK: {sum(len(s) for s in checked.values())} checks of {len(checked)} rules over {len(overlays)} overlays")
PYTHON
