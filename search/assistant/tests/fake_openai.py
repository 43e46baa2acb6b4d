"""A fake OpenAI-compatible server for the suite: a real HTTP server on 127.0.0.1 speaking chat completions.

The provider talks to it through the real `openai` client, so the protocol (tool calls, tool results,
usage, errors, timeouts) is exercised end to end. Each test scripts the answers in order:

    fake.answer(calls=[("search_artworks", {"max_price": 200})], tokens=50)   # a round of tool calls
    fake.answer(text="Two blue prints. ARTWORKS: 12, 7", tokens=40)          # then the final answer
    fake.fail(500)                                                           # or a server error
    fake.answer(text="late", delay=2)                                        # or an answer too slow
    fake.answer_forever(calls=[...], tokens=900)                             # a runaway tool loop

and reads back `fake.requests`: each request's JSON body, in order.
"""

import itertools
import json
import threading
import time
from collections import deque
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    """The scripted server: answers, in order, from the queue; then the `forever` answer, if any."""

    def __init__(self):
        self.script: deque[dict] = deque()
        self.forever: dict | None = None
        self.requests: list[dict] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a handler still sleeping (the timeout test) must not hold up the end
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-openai", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    # --- scripting ---

    def answer(self, *, text: str | None = None, calls=(), tokens: int = 20, delay: float = 0) -> None:
        """Queue one chat completion: tool calls (name, arguments dict or raw string) and/or text."""
        self.script.append({"text": text, "calls": list(calls), "tokens": tokens, "delay": delay})

    def answer_forever(self, *, text: str | None = None, calls=(), tokens: int = 20) -> None:
        """Once the queue is empty, answer every request with this (e.g. tool calls without end)."""
        self.forever = {"text": text, "calls": list(calls), "tokens": tokens, "delay": 0}

    def fail(self, status: int = 500, message: str = "The model is down") -> None:
        self.script.append({"status": status, "message": message, "delay": 0})

    # --- serving ---

    def next_answer(self, request: dict) -> dict:
        with self._lock:
            self.requests.append(request)
            if self.script:
                return self.script.popleft()
            return self.forever or {"status": 500, "message": "The fake server's script ran out", "delay": 0}

    def completion(self, planned: dict, model: str) -> dict:
        calls = [
            {
                "id": f"call_{next(self._ids)}",
                "type": "function",
                "function": {
                    "name": name,
                    "arguments": arguments if isinstance(arguments, str) else json.dumps(arguments),
                },
            }
            for name, arguments in planned["calls"]
        ]
        message = {"role": "assistant", "content": planned["text"]}
        if calls:
            message["tool_calls"] = calls
        tokens = planned["tokens"]
        return {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
            "usage": {"prompt_tokens": tokens // 2, "completion_tokens": tokens - tokens // 2, "total_tokens": tokens},
        }

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(fake: FakeOpenAI):
    class ChatCompletions(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._send(404, {"error": {"message": f"No route {self.path}", "type": "invalid_request"}})
            request = json.loads(body or b"{}")
            planned = fake.next_answer(request)
            if planned["delay"]:
                time.sleep(planned["delay"])
            if "status" in planned:
                return self._send(planned["status"], {"error": {"message": planned["message"], "type": "server_error"}})
            return self._send(200, fake.completion(planned, request.get("model", "")))

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test): nobody is listening any more

        def log_message(self, format, *args):  # noqa: A002  (quiet: the suite's output is for failures)
            pass

    return ChatCompletions


@contextmanager
def fake_openai_server(settings, *, timeout: float = 5, token_budget: int = 20000, max_rounds: int = 4):
    """A running fake server with the settings pointing the OpenAI-compatible provider at it."""
    with FakeOpenAI() as fake:
        settings.OPENAI_API_KEY = "sk-test-fake"
        settings.OPENAI_BASE_URL = fake.base_url
        settings.OPENAI_MODEL = "fake-model"
        settings.ASSISTANT_TIMEOUT_SECONDS = timeout
        settings.ASSISTANT_TOKEN_BUDGET = token_budget
        settings.ASSISTANT_MAX_TOOL_ROUNDS = max_rounds
        yield fake
