#!/usr/bin/env python3
"""`run` against newman on the same export and the same local server (issue 26).

    scripts/bench-run-newman.py [--requests 300] [--pairs 7] [--bin PATH] [--newman PATH]

Writes a book of N `api-example`s (POST {env:base-url}/v1/records/I, status
201, request and response JSON) into a temporary directory, starts a
keep-alive HTTP/1.1 server on 127.0.0.1 (a thread of this process: it
answers every request at once with 201 and a small JSON body), exports the
book with `export --format postman`, then runs, pair by pair and in an
order that alternates from pair to pair, `run --env local` on the book and
`newman run` on the export. Prints each pair's wall times, their ratio
and the median. Loopback only; every request is bounded (--timeout).
"""
import argparse
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle and
    # delayed ACKs would add ~40 ms to every request of both clients.
    disable_nagle_algorithm = True
    seen = 0

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        Handler.seen += 1
        n = self.path.rsplit("/", 1)[-1]
        body = json.dumps({"id": f"r{n}", "status": "ok", "total": 12.5}).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = _answer
    do_GET = _answer

    def log_message(self, *args):
        pass


def write_book(root, n, port):
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "book.toml"), "w") as f:
        f.write(
            '[book]\ntitle = "run vs newman"\nlanguage = "en"\nsrc = "src"\n\n'
            "[preprocessor.integration-guide]\n\n"
            "[preprocessor.integration-guide.environments.local]\n"
            f'base-url = "http://127.0.0.1:{port}"\nrun = "allow"\n'
        )
    with open(os.path.join(root, "src", "SUMMARY.md"), "w") as f:
        f.write("# Summary\n\n- [Requests](requests.md)\n")
    with open(os.path.join(root, "src", "requests.md"), "w") as f:
        f.write("# Requests\n\n")
        for i in range(n):
            f.write(
                f"## Record {i}\n\n"
                f'<<#api-example method="POST" url="{{env:base-url}}/v1/records/{i}" status=201>>\n'
                f'```json\n{{"name": "record {i}", "amount": {i}}}\n```\n\n'
                f'```json\n{{"id": "r{i}", "status": "ok"}}\n```\n'
                "<</api-example>>\n\n"
            )


LAST_OUT = {}


def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    LAST_OUT[cmd[0]] = p.stdout.decode(errors="replace")
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
    return wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/mdbook-integration-guide"))
    ap.add_argument("--newman", default=os.path.join(REPO, "tests/peers/node_modules/.bin/newman"))
    a = ap.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="bench-run-newman-") as tmp:
        book = os.path.join(tmp, "book")
        write_book(book, a.requests, port)
        coll = os.path.join(tmp, "collection.json")
        subprocess.run(
            [a.bin, "export", "--env", "local", "--format", "postman", "--output", coll, book],
            check=True,
        )
        items = len(json.load(open(coll)).get("item", []))
        run_cmd = [a.bin, "run", "--env", "local", "--timeout", "10", "--format", "json",
                   "--output", os.path.join(tmp, "run.jsonl"), book]
        newman_cmd = [a.newman, "run", coll, "--timeout-request", "10000",
                      "--reporters", "cli", "--bail"]
        print(f"{a.requests} requests, collection items (top level): {items}, server 127.0.0.1:{port}")
        print(f"run:    {' '.join(run_cmd)}")
        print(f"newman: {' '.join(newman_cmd)}")
        print("| pair | order | run (s) | newman (s) | run / newman |")
        print("|---|---|---|---|---|")
        ratios, runs, newmans = [], [], []
        for i in range(a.pairs):
            before = Handler.seen
            if i % 2 == 0:
                r, nm, order = timed(run_cmd), timed(newman_cmd), "run, newman"
            else:
                nm, r, order = timed(newman_cmd), timed(run_cmd), "newman, run"
            sent = Handler.seen - before
            if sent != 2 * a.requests:
                sys.exit(f"pair {i + 1}: the server saw {sent} requests, not {2 * a.requests}")
            runs.append(r)
            newmans.append(nm)
            ratios.append(r / nm)
            print(f"| {i + 1} | {order} | {r:.3f} | {nm:.3f} | {r / nm:.3f} |")
        print(f"median: run {statistics.median(runs):.3f} s, newman {statistics.median(newmans):.3f} s, "
              f"run/newman pair by pair {statistics.median(ratios):.3f} "
              f"({min(ratios):.3f}-{max(ratios):.3f})")
        for line in LAST_OUT.get(a.newman, "").splitlines():
            if "total run duration" in line or "average response time" in line:
                print("newman's summary:", line.strip(" │┌┐└┘├┤─"))
        with open(os.path.join(tmp, "run.jsonl")) as f:
            print("run's last report line:", f.read().strip().splitlines()[-1][:300])
    server.shutdown()


if __name__ == "__main__":
    main()
