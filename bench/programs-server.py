#!/usr/bin/env python3
"""Stands in for a Yelp-partner-shaped catalogue for bench/sync.sh: GET /programs/v1?offset=&limit=&program_status=
answers, after a fixed latency, {"total", "offset", "limit", "payment_programs": [...]} with HTTP Basic auth
(bench:secret). POST /control?total=..&latency_ms=..&generation=.. sets the catalogue's size, the latency and the
generation (a new generation changes every program's content); &fail_every=N&fail_status=S makes it a failing
partner: every Nth page request is answered S (a 429 with Retry-After: 1) instead (fail_every=0: never). Records the
peak of requests in flight.

    programs-server.py PORT
"""
import json
import sys
import threading
import time
from base64 import b64encode
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT = int(sys.argv[1])
AUTH = "Basic " + b64encode(b"bench:secret").decode()
state = {"total": 1913, "latency": 0.05, "generation": 0, "in_flight": 0, "peak": 0, "requests": 0,
         "fail_every": 0, "fail_status": 503}
lock = threading.Lock()


def program(i, generation):
    return {
        "program_id": f"prog-{i:07d}",
        "program_type": ("BP", "EP", "CPC", "RCA")[i % 4],
        "program_status": "ACTIVE" if i % 5 else "INACTIVE",
        "start_date": "2026-01-01",
        "end_date": None,
        "active_features": ["CUSTOM_RADIUS_TARGETING", "BUSINESS_LOGO"][: 1 + i % 2],
        "page_upgrade_info": {"generation": generation},
        "budget": {"amount": 10000 + (i % 97) * 100, "currency": "USD"},
        "yelp_business_id": f"biz-{i % 50000:06d}",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/programs/v1":
            return self.answer(404, {"error": {"id": "NOT_FOUND"}})
        if self.headers.get("Authorization") != AUTH:
            return self.answer(401, {"error": {"id": "UNAUTHORIZED"}})
        query = parse_qs(url.query)
        offset = int(query.get("offset", ["0"])[0])
        limit = int(query.get("limit", ["20"])[0])
        if not 1 <= limit <= 40:
            return self.answer(400, {"error": {"id": "INVALID_PARAMETER", "field": "limit"}})
        with lock:
            state["in_flight"] += 1
            state["requests"] += 1
            state["peak"] = max(state["peak"], state["in_flight"])
            total, latency, generation = state["total"], state["latency"], state["generation"]
            failing = state["fail_every"] > 0 and state["requests"] % state["fail_every"] == 0
            fail_status = state["fail_status"]
        try:
            if failing:
                return self.answer(fail_status, {"error": {"id": "TOO_MANY_REQUESTS" if fail_status == 429
                                                           else "SERVICE_UNAVAILABLE"}},
                                   {"Retry-After": "1"} if fail_status == 429 else None)
            time.sleep(latency)
            items = [program(i, generation) for i in range(offset, min(offset + limit, total))]
            self.answer(200, {"total": total, "offset": offset, "limit": limit, "payment_programs": items})
        finally:
            with lock:
                state["in_flight"] -= 1

    def do_POST(self):
        url = urlparse(self.path)
        if url.path == "/control":
            query = parse_qs(url.query)
            with lock:
                if "total" in query:
                    state["total"] = int(query["total"][0])
                if "latency_ms" in query:
                    state["latency"] = int(query["latency_ms"][0]) / 1000
                if "generation" in query:
                    state["generation"] = int(query["generation"][0])
                if "fail_every" in query:
                    state["fail_every"] = int(query["fail_every"][0])
                if "fail_status" in query:
                    state["fail_status"] = int(query["fail_status"][0])
                state["peak"] = 0
                state["requests"] = 0
            return self.answer(200, {})
        if url.path == "/stats":
            with lock:
                return self.answer(200, {"peak": state["peak"], "requests": state["requests"]})
        self.answer(404, {})

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


Server(("127.0.0.1", PORT), Handler).serve_forever()
