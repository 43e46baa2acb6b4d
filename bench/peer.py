"""The peer: stock django-oscar 4.2.1 from ../shared/peer-oscar, set up exactly as its README says.

It lives outside the project, in its own venv under /tmp/artiqo-bench/peer, so it can never become
a dependency of Artiqo. The venv and each generated database are built once and reused (stamp
files record what they were built from); a changed peer folder rebuilds them.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from common import LOGS, ROOT, WORK, run, say

SOURCE = Path(os.environ.get("ARTIQO_PEER_SOURCE", ROOT.parent / "shared" / "peer-oscar"))
PEER = WORK / "peer"
PYTHON = PEER / "venv" / "bin" / "python"
GUNICORN = PEER / "venv" / "bin" / "gunicorn"
# Verbatim from the peer's README (django-treebeard pinned: 7.x breaks Category.add_root in Oscar 4.2.1).
PACKAGES = ["django-oscar==4.2.1", "django-treebeard==5.3.1", "gunicorn", "sorl-thumbnail", "pycountry"]
SIZES = (1000, 10000)  # the peer's README generates 1,000 and 10,000 products


def source_digest() -> str:
    digest = hashlib.sha256(" ".join(PACKAGES).encode())
    for path in sorted(SOURCE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(SOURCE)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_peer() -> Path:
    """Copy the peer and install its venv, unless the stamp says this very source is already built."""
    stamp = PEER / ".built"
    wanted = source_digest()
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return PEER
    say(f"setting up the peer (stock Oscar 4.2.1) in {PEER}")
    if PEER.exists():
        shutil.rmtree(PEER)
    shutil.copytree(SOURCE, PEER)
    for path in [PEER, *PEER.rglob("*")]:  # the shared copy is read-only; ours gets a venv and databases
        path.chmod(path.stat().st_mode | 0o200)
    run(["python3", "-m", "venv", "venv"], cwd=PEER)
    run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES], cwd=PEER)
    stamp.write_text(wanted)
    return PEER


def db_name(size: int) -> str:
    return f"db{size // 1000}k.sqlite3"


def ensure_peer_db(size: int) -> str:
    """Migrate and generate the peer's database of `size` products once; returns its BENCH_DB name."""
    name = db_name(size)
    done = PEER / f"{name}.done"
    if done.exists() and (PEER / name).exists():
        return name
    say(f"generating the peer's {size:,}-product database")
    (PEER / name).unlink(missing_ok=True)
    env = {**os.environ, "BENCH_DB": name}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run([PYTHON, "manage.py", "migrate", "-v0"], cwd=PEER, env=env, log=LOGS / f"peer-migrate-{size}.log")
    out = run([PYTHON, "gen_data.py", str(size)], cwd=PEER, env=env, log=LOGS / f"peer-gen-{size}.log")
    print(f"    {out.strip()}", flush=True)
    done.write_text("ok")
    return name


def product_path(size: int) -> str:
    """`/catalogue/<slug>_<id>/` of the peer's newest product (read straight from its SQLite file)."""
    with sqlite3.connect(PEER / db_name(size)) as db:
        slug, pk = db.execute("SELECT slug, id FROM catalogue_product ORDER BY id DESC LIMIT 1").fetchone()
    return f"/catalogue/{slug}_{pk}/"


def start(size: int, port: int) -> subprocess.Popen:
    """The peer's gunicorn, as its README starts it: 2 sync workers on 127.0.0.1."""
    env = {**os.environ, "BENCH_DB": db_name(size)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PYTHONPATH", None)
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / f"peer-gunicorn-{size}.log", "w")  # noqa: SIM115  (closed with the process)
    cmd = [GUNICORN, "shop.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(cmd, cwd=PEER, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def version() -> str:
    out = subprocess.run([PYTHON, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True).stdout
    wanted = ("django==", "django-oscar==", "gunicorn==")
    return ", ".join(line for line in out.splitlines() if line.lower().startswith(wanted))


if __name__ == "__main__":  # set the peer up ahead of a run: python bench/peer.py
    ensure_peer()
    for n in SIZES:
        ensure_peer_db(n)
        print(n, product_path(n))
    print(version())
