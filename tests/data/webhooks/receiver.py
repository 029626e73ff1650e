"""A webhook receiver (System B) for tests/suite/webhooks.rs: verifies
each delivery with the `standardwebhooks` package (PyPI) and the secret in
its first argument; answers 204 when the signature is valid, 401 when not.

Listens on 127.0.0.1 on the port in its third argument (.ci/run: 4011, the
example book's `mock` environment's payments-hook-url), else on a free
port; prints the port on its first line, and stops after the number of
deliveries in its second argument (or 30 seconds without one).
"""

import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET = sys.argv[1]
COUNT = int(sys.argv[2])


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {k: v for k, v in self.headers.items()}
        try:
            Webhook(SECRET).verify(body, headers, json_parse=False)
            status, answer = 204, b""
        except WebhookVerificationError as e:
            status, answer = 401, str(e).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format, *args):
        pass


PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 0

server = HTTPServer(("127.0.0.1", PORT), Receiver)
server.timeout = 30
print(server.server_address[1], flush=True)
for _ in range(COUNT):
    server.handle_request()
