#!/usr/bin/env python3
"""Whole-process benchmark of the preprocessor against a passthrough baseline
(and mdbook-toc when it is installed), on the same captured mdBook input.

    scripts/bench-process.py INPUT.json [INPUT2.json ...] [--runs 15]
        [--ours PATH] [--baseline PATH] [--mdbook-toc PATH|none]
        [--also NAME=PATH ...] [--json OUT]

Each round runs every command once on the same input, stdin from the file,
stdout to /dev/null, in an order that rotates from round to round, so that
load from other processes on the machine falls on every side alike. For each
command it reports the median, min and max wall time, CPU time (user+sys,
all threads) and peak RSS (GNU time's %M, as `/usr/bin/time -v` reports
it); for every other command, the ratio to the baseline taken pair by pair
(the same round) with its median, min and max. With several inputs it also
reports time per MiB of input, for linearity. Output is Markdown tables.

Before timing, ours is run once and must exit 0 with a JSON book on stdout.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
RSS_FILE = f"/tmp/bench-process-{os.getpid()}.rss"


def run_once(argv, input_path):
    """Runs argv with stdin from input_path; returns (wall s, cpu s, maxrss KiB, code).

    Peak RSS comes from GNU time's %M (as `/usr/bin/time -v` reports it): the
    rusage that wait4 gives this script would also count the memory the
    forked Python process had before exec.
    """
    wrapped = [TIME, "-f", "%M", "-o", RSS_FILE] + argv if TIME else argv
    with open(input_path, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdin=stdin, stdout=devnull, stderr=subprocess.PIPE)
        # Read stderr before waiting so that a chatty child cannot block.
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    rss = usage.ru_maxrss
    if TIME:
        with open(RSS_FILE) as f:
            lines = [line for line in f.read().splitlines() if line.strip().isdigit()]
        rss = int(lines[-1]) if lines else 0
    return wall, usage.ru_utime + usage.ru_stime, rss, code


def check_ours(argv, input_path):
    with open(input_path, "rb") as stdin:
        out = subprocess.run(argv, stdin=stdin, capture_output=True)
    if out.returncode != 0:
        sys.exit(
            f"{argv[0]} exited {out.returncode} on {input_path}:\n"
            + out.stderr.decode(errors="replace")[-3000:]
        )
    # A full parse only for inputs of ordinary size (16x books are large).
    if len(out.stdout) < 64 << 20:
        book = json.loads(out.stdout)
        ok = "items" in book
    else:
        ok = out.stdout.lstrip().startswith(b"{") and out.stdout.rstrip().endswith(b"}")
    if not ok:
        sys.exit(f"{argv[0]} did not write a book on {input_path}")
    if out.stderr:
        sys.stderr.write(
            f"note: {os.path.basename(argv[0])} printed on stderr:\n"
            + out.stderr.decode(errors="replace")[:1000]
            + "\n"
        )


def stats(xs):
    return statistics.median(xs), min(xs), max(xs)


def fmt_s(xs):
    med, lo, hi = stats(xs)
    return f"{med:.3f} s ({lo:.3f}-{hi:.3f})"


def fmt_ratio(xs):
    med, lo, hi = stats(xs)
    return f"{med:.2f}x ({lo:.2f}-{hi:.2f})"


def bench(commands, input_path, runs, warmup):
    names = list(commands)
    results = {n: {"wall": [], "cpu": [], "rss": []} for n in names}
    for r in range(warmup + runs):
        k = r % len(names)
        order = names[k:] + names[:k]
        for n in order:
            wall, cpu, rss, code = run_once(commands[n], input_path)
            if code != 0:
                sys.exit(f"{n} exited {code} on {input_path}")
            if r >= warmup:
                results[n]["wall"].append(wall)
                results[n]["cpu"].append(cpu)
                results[n]["rss"].append(rss)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--ours", default=os.path.join(REPO, "target/release/mdbook-integration-guide"))
    ap.add_argument("--baseline", default=os.path.join(REPO, "target/release/examples/passthrough"))
    ap.add_argument(
        "--mdbook-toc",
        default=shutil.which("mdbook-toc") or os.path.expanduser("~/.cargo/bin/mdbook-toc"),
        help="path of mdbook-toc, or `none`",
    )
    ap.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="another command to time in the same rounds (an older build, say)",
    )
    ap.add_argument("--json", help="also write the raw figures here")
    args = ap.parse_args()

    for exe in (args.ours, args.baseline):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} not found: run `cargo build --release --bin mdbook-integration-guide --example passthrough`")
    commands = {"passthrough": [args.baseline], "ours": [args.ours]}
    if args.mdbook_toc != "none" and os.access(args.mdbook_toc, os.X_OK):
        commands["mdbook-toc"] = [args.mdbook_toc]
    for also in args.also:
        name, _, path = also.partition("=")
        commands[name] = [path]

    nproc = os.cpu_count()
    load = os.getloadavg()
    print(
        f"{len(commands)} commands, {args.runs} alternating rounds (+{args.warmup} warm-up), "
        f"{nproc} cores, load average at start {load[0]:.2f}"
    )
    raw = {}
    per_mib = {n: [] for n in commands}
    for path in args.inputs:
        check_ours(commands["ours"], path)
        size = os.path.getsize(path)
        mib = size / (1024 * 1024)
        res = bench(commands, path, args.runs, args.warmup)
        raw[path] = {"bytes": size, "results": res}
        print(f"\n{os.path.basename(path)}: {size} bytes of input JSON ({mib:.1f} MiB)\n")
        print("| command | wall: median (min-max) | CPU (user+sys) median | peak RSS | RSS / input | wall / passthrough, pair by pair: median (min-max) |")
        print("|---|---|---|---|---|---|")
        base = res["passthrough"]["wall"]
        for n, r in res.items():
            rss_mib = max(r["rss"]) / 1024
            ratio = "1" if n == "passthrough" else fmt_ratio([a / b for a, b in zip(r["wall"], base)])
            print(
                f"| {n} | {fmt_s(r['wall'])} | {statistics.median(r['cpu']):.3f} s "
                f"| {rss_mib:.1f} MiB | {rss_mib / mib:.2f}x | {ratio} |"
            )
            per_mib[n].append((path, mib, statistics.median(r["wall"]) / mib))
        if "mdbook-toc" in res:
            speedup = [t / o for t, o in zip(res["mdbook-toc"]["wall"], res["ours"]["wall"])]
            print(f"\nmdbook-toc wall / ours wall, pair by pair: {fmt_ratio(speedup)}")
    if len(args.inputs) > 1:
        print("\nTime per MiB of input JSON (median wall / MiB; relative to the first input)\n")
        print("| command | " + " | ".join(f"{os.path.basename(p)} ({m:.0f} MiB)" for p, m, _ in per_mib["ours"]) + " |")
        print("|---|" + "---|" * len(args.inputs))
        for n, xs in per_mib.items():
            first = xs[0][2]
            print(f"| {n} | " + " | ".join(f"{v * 1000:.2f} ms ({v / first:.2f}x)" for _, _, v in xs) + " |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"nproc": nproc, "load": load, "inputs": raw}, f, indent=1)


if __name__ == "__main__":
    main()
