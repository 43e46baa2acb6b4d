"""Turn the measurements into per-size tables, the speed targets (PASS/FAIL) and results.json.

Ratios always compare a page with the peer's page of the same purpose at the same size (the peer
has 1k and 10k databases); "req/s at 100k / req/s at 1k" shows how the catalogue scales.
Targets whose sizes were not run print SKIP.
"""

import json
import statistics

import pages

TARGETS_DOC = {
    "catalogue_vs_peer": "catalogue page 1 at 10k ≥ 2× peer catalogue req/s",
    "catalogue_scaling": "catalogue req/s at 100k ≥ 0.8 × at 1k",
    "catalogue_p95": "catalogue in-process p95 ≤ 50 ms at 100k",
    "search_vs_peer": "search at 10k ≥ 10× peer search req/s",
    "search_p95": "search in-process p95 ≤ 100 ms at 100k",
    "product_vs_peer": "product ≥ 1.5× peer product req/s with 0 errors",
    "list_queries": "every list page ≤ 8 queries",
    "cached_vs_ceiling": "cached anonymous catalogue ≥ 25% of the peer's /hello/ req/s",
}


def summarise(rounds: list[dict]) -> dict:
    """Medians over rounds for speed; errors and requests summed (one bad round is still errors)."""

    def median(key):
        values = [r[key] for r in rounds if r.get(key) is not None]
        return round(statistics.median(values), 2) if values else None

    requests = sum(r["requests"] for r in rounds)
    errors = sum(r["errors"] for r in rounds)
    return {
        "rps": median("rps") or 0.0,
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "requests": requests,
        "errors": errors,
        "non2xx": sum(r["non2xx"] for r in rounds),
        "socket_errors": sum(r["socket_errors"] for r in rounds),
        "error_pct": round(100 * errors / requests, 1) if requests else (100.0 if errors else 0.0),
        "rounds": rounds,
    }


def _fmt(value, spec=".1f", empty="") -> str:
    return empty if value is None else format(value, spec)


def _errors(http: dict) -> str:
    if not http:
        return ""
    text = f"{http['errors']}" + (f" ({http['error_pct']}%)" if http["errors"] else "")
    return text + (f" HTTP {http['status']}" if http.get("status") not in (None, 200) else "")


def size_table(size: int, data: dict) -> str:
    """One table: each Artiqo page with HTTP, in-process and peer figures side by side."""
    http, peer, inproc = data.get("http", {}), data.get("peer", {}), data.get("inprocess", {})
    dbs = list(inproc)
    head = ["page", "req/s", "p50 ms", "p99 ms", "errors"]
    head += [f"{db} p95 ms / queries" for db in dbs] + ["peer page", "peer req/s", "peer p99", "peer errors", "× peer"]
    rows = []
    peer_by_key = {p.key: p for p in pages.PEER}
    for page in [*pages.ARTIQO, *pages.ARTIQO_CACHED]:
        h = http.get(page.key, {})
        row = [page.label, _fmt(h.get("rps")), _fmt(h.get("p50_ms")), _fmt(h.get("p99_ms")), _errors(h)]
        for db in dbs:
            figures = inproc[db].get(page.key)
            if figures is None:
                row.append("")
            elif "p95_ms" in figures:
                row.append(f"{figures['p95_ms']:.1f} / {figures['queries']}")
            else:
                row.append(f"error: {figures.get('error', '?')[:40]}")
        peer_key = "ceiling" if page.key == "catalogue_cached" else page.key
        p = peer.get(peer_key)
        if p and page.key in ("catalogue", "search", "product", "ceiling", "catalogue_cached"):
            ratio = h.get("rps", 0) / p["rps"] if p["rps"] else None
            row += [peer_by_key[peer_key].label, _fmt(p["rps"]), _fmt(p["p99_ms"]), _errors(p), _fmt(ratio, ".2f")]
        else:
            row += ["", "", "", "", ""]
        rows.append(row)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    title = f"\n{size:,} artworks ({data.get('live_artworks', '?')} live)"
    if data.get("other_cpu"):
        other = data["other_cpu"]
        title += f"; other work on the machine before each run: median {other['median']:.0%}, max {other['max']:.0%}"
        title += " (BUSY: figures unreliable)" if other["median"] > 0.15 else ""
    if data.get("restarts"):
        title += f"; restarted when still busy after a run: {data['restarts']}"
    out = [title, line(head), line(["-" * w for w in widths])]
    return "\n".join(out + [line(r) for r in rows])


def _rps(sizes: dict, size: int, side: str, key: str):
    return sizes.get(size, {}).get(side, {}).get(key, {}).get("rps")


def targets(sizes: dict) -> list[dict]:
    """Each target with its measured value and PASS / FAIL / SKIP."""
    found = []

    def check(name, ok, value):
        status = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        found.append({"target": name, "goal": TARGETS_DOC[name], "status": status, "value": value})

    def ratio_target(name, size, key, factor):
        mine, theirs = _rps(sizes, size, "http", key), _rps(sizes, size, "peer", key)
        if mine is None or not theirs:
            return check(name, None, f"needs Artiqo and the peer at {size:,}")
        check(name, mine >= factor * theirs, f"{mine:.1f} vs peer {theirs:.1f} req/s = {mine / theirs:.2f}×")

    ratio_target("catalogue_vs_peer", 10000, "catalogue", 2)
    big, small = _rps(sizes, 100000, "http", "catalogue"), _rps(sizes, 1000, "http", "catalogue")
    if big is None or not small:
        check("catalogue_scaling", None, "needs 1k and 100k")
    else:
        check("catalogue_scaling", big >= 0.8 * small, f"{big:.1f} / {small:.1f} req/s = {big / small:.2f}")
    for name, key, limit in (("catalogue_p95", "catalogue", 50), ("search_p95", "search", 100)):
        measured = {db: f.get(key, {}) for db, f in sizes.get(100000, {}).get("inprocess", {}).items()}
        if not measured:
            check(name, None, "needs 100k")
            continue
        ok = all(f.get("p95_ms") is not None and f["p95_ms"] <= limit for f in measured.values())
        check(name, ok, ", ".join(f"{db} {f.get('p95_ms', 'error')} ms" for db, f in measured.items()))
    ratio_target("search_vs_peer", 10000, "search", 10)
    product = [s for s in sorted(sizes) if _rps(sizes, s, "peer", "product") and _rps(sizes, s, "http", "product")]
    if not product:
        check("product_vs_peer", None, "needs Artiqo and the peer at 1k or 10k")
    else:
        parts, ok = [], True
        for s in product:
            mine, theirs = sizes[s]["http"]["product"], sizes[s]["peer"]["product"]
            ok &= mine["rps"] >= 1.5 * theirs["rps"] and mine["errors"] == 0
            parts.append(f"{s // 1000}k: {mine['rps'] / theirs['rps']:.2f}×, {mine['errors']} errors")
        check("product_vs_peer", ok, "; ".join(parts))
    worst = {}
    for s, data in sizes.items():
        for db, figures in data.get("inprocess", {}).items():
            for page in [p for p in pages.ARTIQO if p.listing]:
                queries = figures.get(page.key, {}).get("queries")
                if queries is not None and queries > worst.get(page.key, (-1,))[0]:
                    worst[page.key] = (queries, f"{s // 1000}k {db}")
    if not worst:
        check("list_queries", None, "no in-process figures")
    else:
        missing = [p.key for p in pages.ARTIQO if p.listing and p.key not in worst]
        ok = all(q <= 8 for q, _ in worst.values()) and not missing
        value = ", ".join(f"{k} {q} ({where})" for k, (q, where) in worst.items())
        check("list_queries", ok, value + (f"; no figure for {', '.join(missing)}" if missing else ""))
    pairs = [(s, _rps(sizes, s, "http", "catalogue_cached"), _rps(sizes, s, "peer", "ceiling")) for s in sorted(sizes)]
    pairs = [(s, mine, hello) for s, mine, hello in pairs if mine is not None and hello]
    if not pairs:
        check("cached_vs_ceiling", None, "needs the cached catalogue and the peer's /hello/")
    else:
        ok = all(mine >= 0.25 * hello for _, mine, hello in pairs)
        value = "; ".join(f"{s // 1000}k: {m:.0f} vs {h:.0f} = {m / h:.0%}" for s, m, h in pairs)
        check("cached_vs_ceiling", ok, value)
    return found


def print_report(results: dict) -> None:
    sizes = {int(k): v for k, v in results["sizes"].items()}
    for size in sorted(sizes):
        print(size_table(size, sizes[size]))
    big, small = _rps(sizes, 100000, "http", "catalogue"), _rps(sizes, 1000, "http", "catalogue")
    if big is not None and small:
        print(f"\ncatalogue req/s at 100k / req/s at 1k: {big / small:.2f}")
    print("\ntargets")
    for target in results["targets"]:
        print(f"  {target['status']:4}  {target['goal']}: {target['value']}")


def write_json(results: dict, path) -> None:
    path.write_text(json.dumps(results, indent=2, default=str))
