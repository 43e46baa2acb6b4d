"""Run wrk against 127.0.0.1 and parse what it prints.

(Named wrk.py, not http.py: run.py runs with bench/ first on sys.path, and a bench/http.py would
shadow the standard library's `http` package for everything imported after it, Django included.)

`wrk -t2 -c16 -d15s --latency` gives req/s, the latency distribution, "Non-2xx or 3xx responses"
and socket errors. We add `--timeout` (default 30 s, wrk's own is 2 s): at 16 connections on 2 sync
workers a page served in 250 ms already waits 2 s in the queue, and wrk would count it as a
timeout, close the socket and send another request while the server still works on the first.
"""

import re
import subprocess

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output: str) -> dict:
    """req/s, p50/p99 in ms, requests, non-2xx/3xx and socket errors from wrk's text."""
    result = {"rps": 0.0, "p50_ms": None, "p99_ms": None, "requests": 0, "non2xx": 0, "socket_errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    for percent, key in (("50", "p50_ms"), ("99", "p99_ms")):
        if match := re.search(rf"^\s+{percent}%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE):
            result[key] = round(to_ms(match.group(1)), 2)
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non2xx"] = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result["socket_errors"] = sum(int(n) for n in match.groups())
        result["timeouts"] = int(match.group(4))
    result["errors"] = result["non2xx"] + result["socket_errors"]
    return result


def run_wrk(port: int, path: str, *, duration: int, threads: int = 2, connections: int = 16, timeout: int = 30) -> dict:
    """One wrk run against http://127.0.0.1:port/path; only loopback is ever a target."""
    url = f"http://127.0.0.1:{port}{path}"
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "--latency", url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + timeout + 60)
    result = parse(done.stdout)
    if done.returncode != 0 or not done.stdout.strip():
        result["wrk_error"] = (done.stderr or done.stdout).strip()[-300:]
    return result


if __name__ == "__main__":  # parse a saved wrk output: python bench/wrk.py < out.txt
    import json
    import sys

    print(json.dumps(parse(sys.stdin.read()), indent=2))
