#!/usr/bin/env python3
"""Local stand-ins for the providers of k8s/monitoring/live-proof.sh, on 127.0.0.1 only:

  POST /llm/v1/chat/completions        an OpenAI-compatible chat-completions API whose behaviour the proof sets:
                                         mode "flaky" answers, in turn, 429 (retry-after: 1), 500 and 200 after LLM_LATENCY
                                         mode "down"  answers 503 to everything (the failing provider)
                                         mode "ok"    answers 200
  POST /stt/v1/audio/transcriptions    a second speech-to-text provider (verbose_json), always answering after 200 ms:
                                         where transcriptions go when the failing primary gives up
  GET  /calendar.ics                   an iCalendar feed with two upcoming events
  POST /control?llm=flaky|down|ok      switches the chat-completions mode; answers the requests seen so far

    live-proof-stubs.py PORT
"""
import json
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT = int(sys.argv[1])
LLM_LATENCY = 1.5  # long enough that a bulkhead of one call (LLM_MAX_CONCURRENT=1) refuses the next ones
state = {"llm": "flaky", "llm_requests": 0, "stt_requests": 0}
lock = threading.Lock()

DIGEST = ("Городской совет обсудил новый бюджет на развитие транспорта [1]. Депутаты согласовали программу "
          "модернизации освещения улиц [2]. Аналитики ждут роста региональной экономики [3].")


def calendar():
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3)
    events = []
    for n, title in enumerate(("Городской субботник", "Ярмарка выходного дня")):
        begin = start + timedelta(days=n)
        events.append("\r\n".join([
            "BEGIN:VEVENT", f"UID:live-proof-{n}@dnevnik.local", f"DTSTAMP:{begin:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{begin:%Y%m%dT%H%M%SZ}", f"DTEND:{begin + timedelta(hours=2):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{title}", "LOCATION:Киев", "END:VEVENT"]))
    return ("\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dnevnik//live proof//RU"] + events
                        + ["END:VCALENDAR"]) + "\r\n").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if urlparse(self.path).path == "/calendar.ics":
            return self.answer(200, calendar(), "text/calendar; charset=UTF-8")
        self.answer(404, b"not found", "text/plain")

    def do_POST(self):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)  # the request body: read, never looked at
        if url.path == "/control":
            query = parse_qs(url.query)
            with lock:
                if "llm" in query:
                    state["llm"] = query["llm"][0]
                seen = dict(state)
            return self.json(200, seen)
        if url.path == "/llm/v1/chat/completions":
            with lock:
                mode, n = state["llm"], state["llm_requests"]
                state["llm_requests"] += 1
            status = {"down": 503, "ok": 200}.get(mode) or (429, 500, 200)[n % 3]
            if status == 429:
                return self.error(429, "Rate limit reached (live-proof stub)", "rate_limit_exceeded", {"retry-after": "1"})
            if status != 200:
                return self.error(status, "The model is unavailable (live-proof stub)", "server_error")
            time.sleep(LLM_LATENCY)
            return self.json(200, {"id": f"chatcmpl-{n}", "object": "chat.completion", "model": "live-proof-stub",
                                   "choices": [{"index": 0, "finish_reason": "stop",
                                                "message": {"role": "assistant", "content": DIGEST}}],
                                   "usage": {"prompt_tokens": 100, "completion_tokens": 60, "total_tokens": 160}})
        if url.path == "/stt/v1/audio/transcriptions":
            with lock:
                state["stt_requests"] += 1
            time.sleep(0.2)
            return self.json(200, {"task": "transcribe", "language": "russian", "duration": 2.0,
                                   "text": "Транскрипция второго провайдера (заглушка проверки мониторинга).",
                                   "segments": [{"id": 0, "start": 0.0, "end": 2.0,
                                                 "text": "Транскрипция второго провайдера."}]})
        self.answer(404, b"not found", "text/plain")

    def error(self, status, message, code, headers=None):
        self.json(status, {"error": {"message": message, "type": "server_error", "code": code}}, headers)

    def json(self, status, body, headers=None):
        self.answer(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json", headers)

    def answer(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


Server(("127.0.0.1", PORT), Handler).serve_forever()
