#!/usr/bin/env python3
"""Times whole processes for benches/compare.sh, two at a time, taking turns.

    ptytime.py row  RESULTS.jsonl --label TEXT --ours CMD [--peer CMD] [options]
    ptytime.py run  [--pty COLSxROWS] [--keys K] [--key-delay S] CMD
    ptytime.py table RESULTS.jsonl

`row` runs `--ours` and `--peer` alternately (ours, peer, peer, ours, ...),
after warm-up runs of each, and appends one JSON line with the medians of
wall time and peak RSS to RESULTS.jsonl. `run` starts one command once (to
set up state, e.g. a saved reading position). `table` prints every row.

Each process is started directly (fork + exec, no shell, no `script`): in a
fresh pseudo-terminal of COLSxROWS that is its controlling terminal (`--pty`),
or with its standard output on a pipe that is read and thrown away. Wall time
runs from just before fork to the reaping of the process. Peak RSS comes
from a few separate runs under GNU time (`/usr/bin/time -f %M`): a child
forked from Python would inherit Python's resident size in ru_maxrss. With `--keys`, the keys are written to
the terminal once the program has drawn something, and `--from-keys` times
from that moment to the exit instead (start-up cancels out). A process still
running after a minute is killed (and its row says it failed).

Commands are split like a shell would split them (shlex), but no shell runs.
Standard library only.
"""

import argparse
import fcntl
import json
import os
import select
import shlex
import shutil
import statistics
import struct
import sys
import termios
import time


# The longest a timed process may run before it is killed.
LIMIT_S = 60.0


def spawn(argv, pty_size, keys, key_delay, wait=None):
    """Runs argv once; returns (wall ms, key-to-exit ms or None, ru_maxrss KB, status).

    With `wait = (pre_keys, text)`, `pre_keys` are typed once the program has
    drawn, and the timed `keys` once `text` has appeared in its output since."""
    exe = shutil.which(argv[0]) or argv[0]
    if pty_size:
        master, slave = os.openpty()
        cols, rows = pty_size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        out_r = master
    else:
        out_r, slave = os.pipe()
        master = None
    devnull = os.open(os.devnull, os.O_RDWR)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if pty_size:
                os.setsid()
                os.close(master)
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                os.dup2(slave, 0)
                os.dup2(slave, 1)
                os.dup2(slave, 2)
            else:
                os.close(out_r)
                os.dup2(devnull, 0)
                os.dup2(slave, 1)
                os.dup2(devnull, 2)
            os.execv(exe, argv)
        except BaseException:
            pass
        os._exit(127)
    os.close(slave)
    os.close(devnull)
    keys_at = None
    pending = keys.encode() if keys else b""
    pre, marker = (wait[0].encode(), wait[1].encode()) if wait else (b"", b"")
    seen = b""
    while True:
        # A process that never exits (keys that left it waiting for more)
        # is killed after LIMIT_S, drawing or not; its status says so.
        left = LIMIT_S - (time.perf_counter() - start)
        try:
            ready, _, _ = select.select([out_r], [], [], min(30.0, max(left, 0.0)))
        except InterruptedError:
            continue
        if not ready or left <= 0:
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(out_r, 65536)
        except OSError:  # EIO: the pty's other side is closed
            break
        if not chunk:
            break
        if pre and master is not None:
            # The program is up: type the keys that lead to the marker.
            os.write(master, pre)
            pre = b""
            continue
        if marker:
            seen = (seen + chunk)[-65536:]
            if marker not in seen:
                continue
            marker = b""
        if pending and master is not None:
            # The program is up (it drew something): type the keys.
            if keys_at is None:
                keys_at = time.perf_counter()
            for i in range(len(pending)):
                if key_delay and i:
                    time.sleep(key_delay)
                os.write(master, pending[i : i + 1])
            pending = b""
    _, status, usage = os.wait4(pid, 0)
    end = time.perf_counter()
    os.close(out_r)
    from_keys = (end - keys_at) * 1000 if keys_at is not None else None
    return (end - start) * 1000, from_keys, usage.ru_maxrss, status


def parse_size(text):
    if not text:
        return None
    cols, rows = text.lower().split("x")
    return int(cols), int(rows)


def add_common(p):
    p.add_argument("--pty", metavar="COLSxROWS", help="run in a pseudo-terminal of this size")
    p.add_argument("--keys", default="", help="keys to type once the program has drawn (ours)")
    p.add_argument("--peer-keys", default=None, help="keys for the peer (default: --keys)")
    p.add_argument("--key-delay", type=float, default=0.0)
    p.add_argument("--pre-keys", default=None,
                   help="keys to type at the first frame, before waiting for --after")
    p.add_argument("--after", default=None,
                   help="type the timed keys only once this text is in the output")


def cmd_run(args):
    wall, _, rss, status = spawn(shlex.split(args.cmd), parse_size(args.pty), args.keys, args.key_delay)
    code = os.waitstatus_to_exitcode(status)
    print(f"{wall:.1f} ms, {rss / 1024:.1f} MB, exit {code}", file=sys.stderr)
    return 0 if code == 0 else 1


def cmd_row(args):
    size = parse_size(args.pty)
    wait = (args.pre_keys or "", args.after) if args.after else None
    sides = [("ours", shlex.split(args.ours), args.keys)]
    if args.peer:
        peer_keys = args.keys if args.peer_keys is None else args.peer_keys
        sides.append(("peer", shlex.split(args.peer), peer_keys))
    samples = {name: {"ms": [], "rss": []} for name, _, _ in sides}
    rss_file = args.results + ".rss"
    failed = {}
    for _ in range(args.warmup):
        for name, argv, keys in sides:
            spawn(argv, size, keys, 0, wait)
    for i in range(args.runs):
        order = sides if i % 2 == 0 else list(reversed(sides))
        for name, argv, keys in order:
            wall, from_keys, rss, status = spawn(argv, size, keys, 0, wait)
            if os.waitstatus_to_exitcode(status) != args.expect_exit:
                failed[name] = os.waitstatus_to_exitcode(status)
            ms = from_keys if args.from_keys else wall
            if ms is None:
                ms = wall
            samples[name]["ms"].append(ms)
    # Peak memory in separate runs under GNU time: a child forked from this
    # Python process inherits its resident size in ru_maxrss, GNU time's
    # child does not (it is forked from a small process).
    for _ in range(args.rss_runs if args.rss else 0):
        for name, argv, keys in sides:
            spawn(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, size, keys, 0, wait)
            with open(rss_file) as f:
                kb = [int(x) for x in f.read().split() if x.isdigit()]
            if kb:
                samples[name]["rss"].append(kb[-1] / 1024)
    row = {"label": args.label, "runs": args.runs, "target": args.target or ""}
    for name, _, _ in sides:
        ms = samples[name]["ms"]
        row[name] = {
            "name": args.ours_name if name == "ours" else args.peer_name,
            "median_ms": statistics.median(ms),
            "min_ms": min(ms),
            "max_ms": max(ms),
            "peak_mb": statistics.median(samples[name]["rss"]) if samples[name]["rss"] else None,
            "failed": failed.get(name),
        }
    row["show_rss"] = args.rss
    row["subtract"] = args.subtract
    with open(args.results, "a") as f:
        f.write(json.dumps(row) + "\n")
    o = row["ours"]
    line = f"  {args.label}: ours {o['median_ms']:.1f} ms"
    if "peer" in row:
        line += f", {row['peer']['name']} {row['peer']['median_ms']:.1f} ms"
    print(line, file=sys.stderr)
    return 0


def fmt_ms(side):
    text = f"{side['median_ms']:.1f} ms"
    if side.get("failed") is not None:
        text += f" (exit {side['failed']}!)"
    return text


def cmd_table(args):
    rows = []
    with open(args.results) as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    head = ["what", "ours", "peer", "ratio", "peak MB ours / peer", "target"]
    body = []
    for r in rows:
        o = r["ours"]
        p = r.get("peer")
        peer = f"{p['name']} {fmt_ms(p)}" if p else "-"
        ratio = f"{o['median_ms'] / p['median_ms']:.2f}x" if p and p["median_ms"] > 0 else "-"
        if r.get("show_rss") and o["peak_mb"] is not None:
            mem = f"{o['peak_mb']:.1f}"
            if p and p["peak_mb"] is not None:
                mem += f" / {p['peak_mb']:.1f} ({o['peak_mb'] / max(p['peak_mb'], 0.1):.2f}x)"
        else:
            mem = "-"
        ours = fmt_ms(o)
        if r.get("subtract") and p:
            ours = f"{o['median_ms'] - p['median_ms']:.1f} ms (of {o['median_ms']:.1f})"
            ratio = "-"
        body.append([r["label"], ours, peer, ratio, mem, r.get("target", "")])
    widths = [max(len(str(x[i])) for x in [head] + body) for i in range(len(head))]

    def out(cells):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |")

    out(head)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for b in body:
        out(b)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    row = sub.add_parser("row")
    row.add_argument("results")
    row.add_argument("--label", required=True)
    row.add_argument("--ours", required=True)
    row.add_argument("--ours-name", default="studyguide")
    row.add_argument("--peer")
    row.add_argument("--peer-name", default="peer")
    row.add_argument("--runs", type=int, default=20)
    row.add_argument("--warmup", type=int, default=3)
    row.add_argument("--rss", action="store_true", help="measure peak RSS (GNU time) and show it")
    row.add_argument("--rss-runs", type=int, default=3)
    row.add_argument("--from-keys", action="store_true", help="time from the keys to the exit")
    row.add_argument("--target", default="")
    row.add_argument("--expect-exit", type=int, default=0, help="the exit status of a good run")
    row.add_argument("--subtract", action="store_true", help="report ours minus the peer")
    add_common(row)
    run = sub.add_parser("run")
    run.add_argument("cmd")
    add_common(run)
    table = sub.add_parser("table")
    table.add_argument("results")
    args = ap.parse_args()
    return {"row": cmd_row, "run": cmd_run, "table": cmd_table}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
