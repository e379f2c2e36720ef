#!/usr/bin/env python3
"""Serves RSS 2.0 feeds for bench/feeds-refresh.sh: GET /feeds/<n>.xml answers after a fixed latency with <items>
items, distinct guids per feed and per generation. POST /control?latency_ms=..&generation=.. changes the latency and
the generation (a new generation is a new document with new items: nothing is 'unchanged' for the refresher).

    feed-server.py PORT FEEDS ITEMS
"""
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

PORT, FEEDS, ITEMS = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
state = {"latency": 0.0, "generation": 0}
cache = {}
lock = threading.Lock()

WORDS = ("Городской совет обсудил новый бюджет на развитие транспорта и ремонт дорог в центральных районах. "
         "Депутати погодили програму модернізації освітлення вулиць до кінця року. "
         "Analysts expect the regional economy to grow faster than last year as exports recover. ").split()


def document(feed, generation):
    base = time.time() - 3600
    items = []
    for i in range(ITEMS):
        text = " ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(45))
        items.append(
            "<item>"
            f"<title>{escape(f'Новость {i} ленты {feed}: ' + ' '.join(WORDS[(feed + i) % 20:(feed + i) % 20 + 6]))}</title>"
            f"<link>http://127.0.0.1:{PORT}/g{generation}/f{feed}/n{i}.html</link>"
            f"<description>{escape(text)}</description>"
            f"<pubDate>{formatdate(base + i * 60, usegmt=True)}</pubDate>"
            f'<guid isPermaLink="false">bench-g{generation}-f{feed}-i{i}</guid>'
            "<category>local</category>"
            "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Bench feed {feed}</title><link>http://127.0.0.1:{PORT}/</link>"
            f"<description>Feed {feed} of the refresh benchmark</description><language>ru</language><ttl>60</ttl>"
            + "".join(items) + "</channel></rss>").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = urlparse(self.path).path
        if not (path.startswith("/feeds/") and path.endswith(".xml")):
            return self.answer(404, b"not found", "text/plain")
        feed = int(path[len("/feeds/"):-len(".xml")])
        generation, latency = state["generation"], state["latency"]
        with lock:
            body = cache.get((feed, generation))
            if body is None:
                body = cache[(feed, generation)] = document(feed, generation)
        time.sleep(latency)
        self.answer(200, body, "application/rss+xml; charset=UTF-8")

    def do_POST(self):
        query = parse_qs(urlparse(self.path).query)
        if "latency_ms" in query:
            state["latency"] = int(query["latency_ms"][0]) / 1000.0
        if "generation" in query:
            state["generation"] = int(query["generation"][0])
            with lock:
                cache.clear()
                for feed in range(FEEDS):  # built ahead, so that no request pays for it
                    cache[(feed, state["generation"])] = document(feed, state["generation"])
        self.answer(200, b"ok", "text/plain")

    def answer(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # 32+ connections arrive at once


Server(("127.0.0.1", PORT), Handler).serve_forever()
