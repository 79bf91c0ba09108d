"""The quiz burst's client: a learner's kept-alive connection the server has closed meanwhile."""

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from devtools.quiz_burst import _post


def test_a_post_on_a_connection_the_server_closed_is_sent_again_on_a_new_one():
    posts = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.close_connection = True  # as gunicorn does after its keep-alive timeout

        def do_POST(self):
            posts.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=5)
        connection.request("GET", "/attempt/page/")
        connection.getresponse().read()
        time.sleep(0.1)  # the server has closed its end
        response = _post(connection, "/attempt/page/", b"action=submit", {})
        response.read()
        assert response.status == 302
        assert posts == [b"action=submit"]
    finally:
        server.shutdown()
        server.server_close()
