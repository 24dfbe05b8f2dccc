#!/usr/bin/env python3
"""socklab's benchmark suite: socklab's programs side by side with the C reference programs (the ceiling)
and with the Python programs students write, in one run, so that the ratios are comparable.

    python3 bench/run.py                 # everything, 5 repeats, writes docs/BENCHMARKS.md
    python3 bench/run.py --only udp      # one section, written to target/bench/BENCHMARKS-udp.md
    python3 bench/run.py --only class    # a class of 200 on every grade lab: wall, CPU, RSS, the split
    python3 bench/run.py --repeat 3 --quick

Every figure is printed with the command that produced it. The machines are shared and noisy: read the
ratios measured in one run, not the absolute numbers.
"""

import argparse
import json
import os
import platform
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
BUILD = os.path.join(ROOT, "target", "bench")
PY = os.path.join(ROOT, "bench", "python")


def bin_path(name):
    return os.path.join(RELEASE, name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    """A background process in its own process group, ready once it printed a line; killed on stop."""

    live = []

    def __init__(self, argv, ready="listening", timeout=20):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        Proc.live.append(self)
        lines = queue.Queue()

        def read():
            # Lines until the ready one, then whatever comes is read in big pieces and dropped, so that a
            # chatty server never blocks on a full pipe nor makes this process do work per line.
            for line in iter(self.proc.stdout.readline, b""):
                lines.put(line)
                if ready.encode() in line:
                    break
            else:
                lines.put(b"")
                return
            while os.read(self.proc.stdout.fileno(), 1 << 16):
                pass
        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic())).decode(errors="replace")
            except queue.Empty:
                self.stop()
                raise RuntimeError(f"{' '.join(argv)} never printed '{ready}'")
            if not line:
                self.stop()
                raise RuntimeError(f"{' '.join(argv)} exited before printing '{ready}'")
            if ready in line:
                break

    def peak_rss_kib(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def stop(self):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=2)
                break
            except subprocess.TimeoutExpired:
                continue
        if self in Proc.live:
            Proc.live.remove(self)

    @staticmethod
    def stop_all():
        for proc in list(Proc.live):
            proc.stop()


def run(argv, timeout=600, check=True):
    """Runs a client to completion and returns its stdout; a failure aborts the measurement unless
    `check` is false (the caller then reads the failure from the output)."""
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          start_new_session=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode().strip()}")
    return done.stdout.decode()


def shell(argv):
    """The command as one line to paste, with paths inside the checkout made relative to it."""
    argv = [a[len(ROOT) + 1:] if a.startswith(ROOT + os.sep) else a for a in argv]
    return " ".join(a if re.fullmatch(r"[\w./:=,-]+", a) else repr(a) for a in argv)


class Report:
    def __init__(self):
        self.sections = []
        self.goals = []

    def section(self, title, intro):
        self.sections.append({"title": title, "intro": intro, "rows": [], "notes": []})
        print(f"\n## {title}", flush=True)

    def note(self, text):
        self.sections[-1]["notes"].append(text)
        print(f"  note: {text}", flush=True)

    def row(self, what, unit, values, command):
        med, low, high = statistics.median(values), min(values), max(values)
        self.sections[-1]["rows"].append((what, unit, med, low, high, command))
        print(f"  {what}: median {fmt(med)} {unit} (min {fmt(low)}, max {fmt(high)}, n={len(values)})\n"
              f"    $ {command}", flush=True)
        return med

    def goal(self, text, ok, detail):
        self.goals.append((text, ok, detail))
        print(f"  goal {'MET' if ok else 'MISSED'}: {text} — {detail}", flush=True)


def fmt(value):
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def repeat(n, measure):
    return [measure() for _ in range(n)]


# --- UDP round trips -------------------------------------------------------------------------------

UDP_REF_LINE = re.compile(r"([\d.]+)/s p50 ([\d.]+) us p99 ([\d.]+) us")


def udp_ref_client(port, count):
    argv = [os.path.join(BUILD, "udp_ref"), "c", str(port), str(count), "64"]
    match = UDP_REF_LINE.search(run(argv))
    return argv, float(match[1]), float(match[2]), float(match[3])


def udp_chat_client(port, count, window):
    argv = [bin_path("udp-chat"), "client", "--to", f"127.0.0.1:{port}", "--count", str(count),
            "--window", str(window), "--size", "64", "--json"]
    event = json.loads(run(argv).strip().splitlines()[-1])
    if event["lost"]:
        raise RuntimeError(f"{event['lost']} datagrams lost")
    return argv, event["per_second"], event["p50_us"], event["p99_us"]


def bench_udp(report, args):
    count = 20_000 if args.quick else 100_000
    report.section("UDP round trips (64-byte datagrams)",
                   f"{count} round trips on loopback. One in flight measures latency (the cost is the kernel "
                   "waking two processes); a window of 32 measures throughput.")
    servers = {
        "udp_ref (C)": lambda p: [os.path.join(BUILD, "udp_ref"), "s", str(p)],
        "udp-chat server --quiet": lambda p: [bin_path("udp-chat"), "server", "--quiet", "--bind", f"127.0.0.1:{p}"],
        "Python, like the guide": lambda p: [sys.executable, os.path.join(PY, "udp_echo_server.py"), str(p)],
    }
    started = {}
    for name, argv in servers.items():
        port = free_port()
        started[name] = (Proc(argv(port)), port)
    p50 = {}
    p99 = {}
    for name, (_, port) in started.items():
        samples = repeat(args.repeat, lambda: udp_ref_client(port, count))
        command = shell(samples[0][0])
        p50[name] = report.row(f"p50 latency, server {name}, client udp_ref", "µs", [s[2] for s in samples], command)
        p99[name] = report.row(f"p99 latency, server {name}, client udp_ref", "µs", [s[3] for s in samples], command)
    ref_port = started["udp_ref (C)"][1]
    samples = repeat(args.repeat, lambda: udp_chat_client(ref_port, count, 1))
    client_p50 = report.row("p50 latency, server udp_ref, client udp-chat --count", "µs", [s[2] for s in samples],
                            shell(samples[0][0]))
    ours = "udp-chat server --quiet"
    report.goal("udp-chat server p50 within 1.1× of udp_ref", p50[ours] <= 1.1 * p50["udp_ref (C)"],
                f"{p50[ours]:.1f} µs vs {p50['udp_ref (C)']:.1f} µs = {p50[ours] / p50['udp_ref (C)']:.2f}×")
    report.goal("udp-chat client p50 within 1.1× of udp_ref's client", client_p50 <= 1.1 * p50["udp_ref (C)"],
                f"{client_p50:.1f} µs vs {p50['udp_ref (C)']:.1f} µs = {client_p50 / p50['udp_ref (C)']:.2f}×")
    report.goal("udp-chat server p99 ≤ 2× its p50", p99[ours] <= 2 * p50[ours],
                f"p99 {p99[ours]:.1f} µs, p50 {p50[ours]:.1f} µs = {p99[ours] / p50[ours]:.2f}×")
    rates = {}
    for name in (ours, "Python, like the guide"):
        port = started[name][1]
        samples = repeat(args.repeat, lambda: udp_chat_client(port, count, 32))
        rates[name] = report.row(f"round trips/s with 32 in flight, server {name}", "/s", [s[1] for s in samples],
                                 shell(samples[0][0]))
    ratio = rates[ours] / rates["Python, like the guide"]
    report.goal("32 in flight: udp-chat server ≥ 2× the Python server", ratio >= 2, f"{ratio:.2f}×")
    for proc, _ in started.values():
        proc.stop()


# --- TCP echo throughput ---------------------------------------------------------------------------

ECHO_REF_LINE = re.compile(r"echoed (\d+) of (\d+) bytes in [\d.]+ s: ([\d.]+) MiB/s")


def echo_ref_client(port, size):
    argv = [os.path.join(BUILD, "echo_ref"), "c", str(port), str(size), "65536"]
    match = ECHO_REF_LINE.search(run(argv))
    if match[1] != match[2]:
        raise RuntimeError(f"echo_ref got {match[1]} of {match[2]} bytes back")
    return argv, float(match[3])


def tcp_echo_client(port, size, *extra):
    argv = [bin_path("tcp-echo"), "client", "--to", f"127.0.0.1:{port}", "--bytes", str(size), "--json", *extra]
    events = [json.loads(line) for line in run(argv).splitlines() if line.startswith("{")]
    echo = next(e for e in events if e["event"] == "echo")
    if not echo["ok"]:
        raise RuntimeError(f"tcp-echo client: the echo differs ({echo})")
    return argv, echo["mib_per_s"]


def tcp_servers():
    servers = {f"tcp-echo server --mode {mode}": (lambda p, m=mode: [bin_path("tcp-echo"), "server", "--mode", m,
                                                                     "--bind", f"127.0.0.1:{p}"])
               for mode in ("serial", "threads", "poll")}
    servers["tcp-echo server --zero-copy"] = lambda p: [bin_path("tcp-echo"), "server", "--zero-copy", "--no-quit",
                                                        "--bind", f"127.0.0.1:{p}"]
    servers["echo_ref (C)"] = lambda p: [os.path.join(BUILD, "echo_ref"), "s", str(p)]
    servers["Python recv(1024) + sendall"] = lambda p: [sys.executable, os.path.join(PY, "tcp_echo_server.py"), str(p),
                                                        "1024"]
    servers["Python recv(65536) + sendall"] = lambda p: [sys.executable, os.path.join(PY, "tcp_echo_server.py"),
                                                         str(p), "65536"]
    return servers


def bench_tcp(report, args):
    size = (256 if args.quick else 1024) << 20
    report.section("TCP echo throughput",
                   f"{size >> 20} MiB echoed through each server in 64 KiB chunks on loopback, all driven by the "
                   "same client (`echo_ref c`); then the two clients against the same server.")
    mib = {}
    for name, argv in tcp_servers().items():
        port = free_port()
        server = Proc(argv(port))
        try:
            samples = repeat(args.repeat, lambda: echo_ref_client(port, size))
            mib[name] = report.row(f"server {name}", "MiB/s", [s[1] for s in samples], shell(samples[0][0]))
        finally:
            server.stop()
    ref = mib["echo_ref (C)"]
    slow_python = mib["Python recv(1024) + sendall"]
    for mode in ("serial", "threads", "poll"):
        ours = mib[f"tcp-echo server --mode {mode}"]
        report.goal(f"tcp-echo server --mode {mode} ≥ 0.95× echo_ref", ours >= 0.95 * ref,
                    f"{ours:,.0f} vs {ref:,.0f} MiB/s = {ours / ref:.2f}×")
        report.goal(f"tcp-echo server --mode {mode} ≥ 4× the recv(1024) Python server", ours >= 4 * slow_python,
                    f"{ours:,.0f} vs {slow_python:,.0f} MiB/s = {ours / slow_python:.1f}×")
    zero_copy = mib["tcp-echo server --zero-copy"]
    report.goal("stretch: tcp-echo server --zero-copy beats echo_ref", zero_copy > ref,
                f"{zero_copy:,.0f} vs {ref:,.0f} MiB/s = {zero_copy / ref:.2f}×")
    port = free_port()
    server = Proc([os.path.join(BUILD, "echo_ref"), "s", str(port)])
    try:
        ref_client = report.row("client echo_ref c, server echo_ref", "MiB/s",
                                [s[1] for s in repeat(args.repeat, lambda: echo_ref_client(port, size))],
                                shell([os.path.join(BUILD, "echo_ref"), "c", str(port), str(size), "65536"]))
        # Like for like: echo_ref's client counts the bytes that come back; `--expect any` does the same.
        samples = repeat(args.repeat, lambda: tcp_echo_client(port, size, "--expect", "any"))
        our_client = report.row("client tcp-echo client --bytes --expect any, server echo_ref", "MiB/s",
                                [s[1] for s in samples], shell(samples[0][0]))
        samples = repeat(args.repeat, lambda: tcp_echo_client(port, size))
        verified = report.row("client tcp-echo client --bytes (every byte checked), server echo_ref", "MiB/s",
                              [s[1] for s in samples], shell(samples[0][0]))
    finally:
        server.stop()
    report.goal("tcp-echo client ≥ 0.95× echo_ref's client (both counting bytes)", our_client >= 0.95 * ref_client,
                f"{our_client:,.0f} vs {ref_client:,.0f} MiB/s = {our_client / ref_client:.2f}×; with every byte "
                f"checked {verified:,.0f} MiB/s = {verified / ref_client:.2f}×")
    iperf3_ceiling(report, args, size)


def iperf3_ceiling(report, args, size):
    """iperf3 one way: what loopback TCP carries when nothing has to come back (optional)."""
    if shutil.which("iperf3") is None:
        report.note("iperf3 is not installed, so the one-way loopback figure is skipped (apt-get install iperf3).")
        return
    port = free_port()
    server = Proc(["iperf3", "-s", "-p", str(port), "--forceflush"], ready="Server listening")
    argv = ["iperf3", "-c", "127.0.0.1", "-p", str(port), "-n", str(size), "-l", "64K", "-J"]
    try:
        def once():
            result = json.loads(run(argv))
            return result["end"]["sum_received"]["bits_per_second"] / 8 / (1 << 20)
        report.row("iperf3 one way (nothing echoed back), for scale", "MiB/s", repeat(args.repeat, once), shell(argv))
    finally:
        server.stop()


# --- many clients ----------------------------------------------------------------------------------

def many_clients_run(mode, clients, backlog, extra):
    """One `tcp-echo client --clients` run against a fresh server: wall time, echoes, server peak RSS."""
    port = free_port()
    server = Proc([bin_path("tcp-echo"), "server", "--mode", mode, "--backlog", str(backlog),
                   "--bind", f"127.0.0.1:{port}"])
    argv = [bin_path("tcp-echo"), "client", "--to", f"127.0.0.1:{port}", "--clients", str(clients),
            "--bytes", "64K", *extra, "--connect-timeout", "60s", "--json"]
    try:
        started = time.monotonic()
        output = run(argv, check=False)
        elapsed = time.monotonic() - started
        rss = (server.peak_rss_kib() or 0) / 1024
    finally:
        server.stop()
    events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    summary = next(e for e in events if e["event"] == "clients")
    return argv, elapsed, summary["echo_ok"], rss


def bench_many(report, args):
    clients = 50 if args.quick else 200
    report.section("Many clients",
                   f"{clients} connections opened at once, each echoing 64 KiB, against each server design: wall "
                   "time of the whole client run, clients that got their echo, the server's peak RSS. Instant "
                   "clients send their 64 KiB at once; interactive clients (`--send-size 16K --pause 5ms`) wait "
                   "for each 16 KiB chunk's echo and 5 ms before the next, like a person at the guide's client. "
                   "The servers' backlog is 256 (room for the burst), then the guide's 5.")
    scenarios = [("instant clients", 256, []),
                 ("interactive clients", 256, ["--send-size", "16K", "--pause", "5ms"]),
                 ("instant clients, the guide's backlog of 5", 5, [])]
    seconds = {}
    for label, backlog, extra in scenarios:
        for mode in ("serial", "threads", "poll"):
            runs = [many_clients_run(mode, clients, backlog, extra) for _ in range(args.repeat)]
            command = f"tcp-echo server --mode {mode} --backlog {backlog}; " + shell(runs[0][0])
            seconds[label, mode] = report.row(f"{label}, --mode {mode}: total time", "s", [r[1] for r in runs],
                                              command)
            report.row(f"{label}, --mode {mode}: clients that got their echo (of {clients})", "clients",
                       [r[2] for r in runs], command)
            peak = report.row(f"{label}, --mode {mode}: server peak RSS", "MiB", [r[3] for r in runs],
                              f"VmHWM of the server during {command}")
            if mode == "poll":
                report.goal(f"poll server peak RSS under 10 MiB ({label})", peak < 10, f"{peak:.1f} MiB")
    for mode in ("threads", "poll"):
        ratio = seconds["interactive clients", "serial"] / seconds["interactive clients", mode]
        instant = seconds["instant clients", "serial"] / seconds["instant clients", mode]
        report.goal(f"{mode} ≥ 10× faster than serial with {clients} interactive clients", ratio >= 10,
                    f"{ratio:.1f}× (with instant clients {instant:.1f}×: see the notes)")


# --- harness overhead ------------------------------------------------------------------------------

def timed(argv):
    started = time.monotonic()
    run(argv)
    return time.monotonic() - started


def bench_harness(report, args):
    runs = max(args.repeat, 5) * 2
    report.section("Harness overhead",
                   "The udp-echo lab (server, client, checks) under `socklab run` against a hand-written bash "
                   "script that does the same with `&`, a port poll and `kill`; then the whole labs.toml.")
    script = [os.path.join(ROOT, "bench", "udp_echo_lab.sh"), RELEASE]
    lab = [bin_path("socklab"), "run", "--labs", os.path.join(ROOT, "labs.toml"), "udp-echo"]
    # Interleaved, so that both see the same moments of a shared machine.
    pairs = [(timed(script + [str(free_port())]), timed(lab)) for _ in range(runs)]
    script_times, lab_times = [p[0] for p in pairs], [p[1] for p in pairs]
    by_hand = report.row("udp-echo by a bash script", "ms", [t * 1000 for t in script_times], shell(script + ["PORT"]))
    harness = report.row("udp-echo under socklab run", "ms", [t * 1000 for t in lab_times], shell(lab))
    report.goal("socklab run ≤ 1.2× the bash script for one lab", harness <= 1.2 * by_hand,
                f"{harness:.1f} ms vs {by_hand:.1f} ms = {harness / by_hand:.2f}×")
    hyperfine_cross_check(report, script, lab)
    everything = [bin_path("socklab"), "run", "--labs", os.path.join(ROOT, "labs.toml")]
    total = report.row("the whole labs.toml", "s", [timed(everything) for _ in range(args.repeat)], shell(everything))
    report.goal(f"the whole labs.toml under 10 s on {os.cpu_count()} cores", total < 10, f"{total:.2f} s")


def hyperfine_cross_check(report, script, lab):
    """The same two commands timed by hyperfine, when it is installed (optional)."""
    if shutil.which("hyperfine") is None:
        report.note("hyperfine is not installed, so its cross-check of the two timings is skipped "
                    "(apt-get install hyperfine).")
        return
    commands = [shell(script + [str(free_port())]), shell(lab)]
    export = os.path.join(BUILD, "hyperfine.json")
    argv = ["hyperfine", "--warmup", "3", "--runs", "30", "-N", "--export-json", export, *commands]
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(export) as f:
        results = json.load(f)["results"]
    for label, result in zip(("udp-echo by a bash script, timed by hyperfine", "udp-echo under socklab run, "
                                                                               "timed by hyperfine"), results):
        report.row(label, "ms", [t * 1000 for t in result["times"]], "hyperfine -N --warmup 3 --runs 30 " + " ".join(
            repr(c) for c in commands))


# --- grading throughput ----------------------------------------------------------------------------

UDP_GRADING_LABS = ["grade-udp-echo", "grade-udp-address", "grade-udp-several", "grade-udp-allowlist",
                    "grade-udp-shutdown", "grade-udp-exec", "grade-udp-client", "grade-udp-client-no-server"]


def class_of(count, root):
    """`count` copies of the example submissions (correct and broken, all hard-coding port 3500)."""
    examples = os.path.join(ROOT, "examples", "submissions")
    kinds = sorted(os.listdir(examples))
    for i in range(count):
        kind = kinds[i % len(kinds)]
        shutil.copytree(os.path.join(examples, kind), os.path.join(root, f"{i:03d}-{kind}"))
    return root


def grade_run(submissions, jobs):
    """Wall time of one `socklab grade` (`jobs` None: its default), socklab's own peak RSS (VmHWM, read until
    it exits) and every check's verdict."""
    label = jobs or "default"
    report_path = os.path.join(os.path.dirname(submissions), f"grades-{label}.json")
    argv = [bin_path("socklab"), "grade", submissions, "--labs", os.path.join(ROOT, "labs.toml"),
            *(["--jobs", str(jobs)] if jobs else []), "--json", report_path]
    for lab in UDP_GRADING_LABS:
        argv += ["--lab", lab]
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    peak = 0
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{shell(argv)} failed ({proc.returncode}): {proc.stderr.read().decode().strip()}")
    with open(report_path) as f:
        grades = json.load(f)
    verdicts = {(sub["name"], lab["lab"], check["name"]): check["verdict"]
                for sub in grades["submissions"] for lab in sub["labs"] for check in lab["checks"]}
    return argv, elapsed, peak / 1024, verdicts


def bench_grading(report, args):
    count = 20 if args.quick else 200
    default_jobs = 4 * os.cpu_count()
    report.section("Grading throughput",
                   f"`socklab grade` on {count} copies of the example submissions (correct and broken, all "
                   f"hard-coding port 3500), the {len(UDP_GRADING_LABS)} UDP grading labs, with 1 and 2 jobs and "
                   f"the default (4 per CPU: {default_jobs} here). socklab's peak RSS is its own VmHWM (student "
                   "processes not included). Every run must give every check the same verdict. `$TMP/class` "
                   "holds the copies, named `000-binds-any`, `001-correct-tcp`... in turn.")
    import tempfile
    with tempfile.TemporaryDirectory(prefix="socklab-bench-") as tmp:
        submissions = class_of(count, os.path.join(tmp, "class"))
        per_second, seconds, verdicts = {}, {}, {}
        for jobs in (1, 2, None):
            label = f"--jobs {jobs}" if jobs else f"default jobs ({default_jobs})"
            samples = [grade_run(submissions, jobs) for _ in range(max(1, args.repeat // 3))]
            command = shell(samples[0][0]).replace(tmp, "$TMP")
            seconds[jobs] = report.row(f"{label}: wall time", "s", [s[1] for s in samples], command)
            per_second[jobs] = count / seconds[jobs]
            report.row(f"{label}: submissions per second", "/s", [count / s[1] for s in samples], command)
            rss = report.row(f"{label}: socklab peak RSS", "MiB", [s[2] for s in samples], command)
            report.goal(f"socklab under 50 MiB with {label}", rss < 50, f"{rss:.1f} MiB")
            verdicts[jobs] = [s[3] for s in samples]
    speedup = per_second[2] / per_second[1]
    report.goal("≥ 1.7× from 1 to 2 jobs", speedup >= 1.7, f"{speedup:.2f}×")
    report.goal(f"{count} submissions of the UDP labs in under 2 minutes on {os.cpu_count()} cores",
                seconds[None] < 120, f"{seconds[None]:.1f} s with the default {default_jobs} jobs")
    reference = verdicts[1][0]
    differing = {key for runs in verdicts.values() for run in runs for key in reference if run.get(key) != reference[key]}
    report.goal("every run gives every check the same verdict", not differing,
                f"{len(reference)} checks in each of {sum(len(runs) for runs in verdicts.values())} runs"
                + (f"; {len(differing)} differ, e.g. {sorted(differing)[0]}" if differing else ", all the same"))


# --- a whole class on every grade lab --------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def measured(argv, cwd=ROOT):
    """Runs `argv` to its end and measures it: wall seconds; CPU seconds (user + system) of it and of
    everything it started and reaped (wait4, the way `time` counts); its own CPU seconds and peak RSS
    (MiB) read from /proc until it exits; its exit code."""
    started = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    stderr = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
    reader.start()
    peak, own = 0, 0.0
    while True:
        try:
            with open(f"/proc/{proc.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            with open(f"/proc/{proc.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
                if fields[0] != "Z":
                    own = (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (OSError, IndexError, ValueError):
            pass
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    elapsed = time.monotonic() - started
    return {"wall": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "own": own, "rss": peak / 1024,
            "code": proc.returncode, "stderr": (stderr[0] if stderr else b"").decode(errors="replace")}


def grade_class(submissions, labs_file, jobs=None, lab_names=(), out=None):
    argv = [bin_path("socklab"), "--labs", labs_file, "grade", submissions,
            *(["--jobs", str(jobs)] if jobs else [])]
    for lab in lab_names:
        argv += ["--lab", lab]
    if out:
        argv += ["--json", out]
    figures = measured(argv)
    if figures["code"] not in (0, 1):
        raise RuntimeError(f"{shell(argv)} failed ({figures['code']}): {figures['stderr'].strip()[-500:]}")
    return argv, figures


def verdicts_of(path):
    with open(path) as f:
        grades = json.load(f)
    # Copies of one example are the same submission: their verdicts must be the same too.
    return {(sub["name"], lab["lab"], check["name"]): check["verdict"]
            for sub in grades["submissions"] for lab in sub["labs"] for check in lab["checks"]}


SANDBOX_LABS = """
[[lab]]
name = "sandbox-only"
summary = "a student program that does nothing: what the sandbox of one lab run costs"

[[lab.process]]
name = "student"
command = ["true"]
student = ["true"]

[[lab]]
name = "interpreter"
summary = "a student program that starts python3 and ends: the sandbox plus the interpreter's start"

[[lab.process]]
name = "student"
command = ["python3", "-c", "pass"]
student = ["python3", "-c", "pass"]
"""


def bench_class(report, args):
    count = 50 if args.quick else 200
    cores = os.cpu_count()
    labs_file = os.path.join(ROOT, "labs.toml")
    import tempfile
    with tempfile.TemporaryDirectory(prefix="socklab-bench-class-") as tmp:
        submissions = class_of(count, os.path.join(tmp, "class"))
        grade_labs = [line.split()[0] for line in subprocess.run(
            [bin_path("socklab"), "--labs", labs_file, "list"], capture_output=True, text=True, check=True
        ).stdout.splitlines() if line.startswith("grade-")]
        report.section(f"a class of {count} on every grade lab",
                       f"`socklab grade` of {count} submissions (copies of the {len(os.listdir(os.path.join(ROOT, 'examples', 'submissions')))} "
                       "example submissions, correct and broken, each hard-coding its port) on every grade lab of "
                       "labs.toml, as root (each lab run in namespaces of its own). CPU is user + system time of "
                       "socklab and of everything it started (wait4), so wall ÷ (CPU ÷ cores) is 1 when the "
                       "machine is busy all along and grows with waiting.")
        runs = []
        for index in range(max(1, min(3, args.repeat))):
            out = os.path.join(tmp, f"default-{index}.json")
            argv, figures = grade_class(submissions, labs_file, out=out)
            runs.append((figures, verdicts_of(out)))
        command = shell(argv).replace(tmp, "$TMP")
        wall = report.row("wall time", "s", [f["wall"] for f, _ in runs], command)
        cpu = report.row("CPU time, socklab and everything it started", "s", [f["cpu"] for f, _ in runs], command)
        own = report.row("CPU time of socklab itself", "s", [f["own"] for f, _ in runs], command)
        ratios = [f["wall"] / (f["cpu"] / cores) for f, _ in runs]
        ratio = report.row(f"wall ÷ (CPU ÷ {cores} cores)", "", ratios, command)
        rss = report.row("socklab peak RSS", "MiB", [f["rss"] for f, _ in runs], command)
        with open(os.path.join(tmp, "default-0.json")) as f:
            lab_runs = sum(len(sub["labs"]) for sub in json.load(f)["submissions"])
        per_run = report.row("CPU per lab run", "ms", [f["cpu"] / lab_runs * 1000 for f, _ in runs], command)
        report.row("socklab's own CPU per lab run", "ms", [f["own"] / lab_runs * 1000 for f, _ in runs], command)
        report.goal(f"a class of {count} on every grade lab: wall ÷ (CPU ÷ cores) ≤ 1.3", ratio <= 1.3,
                    f"{ratio:.2f} ({wall:.1f} s wall, {cpu:.1f} s CPU on {cores} cores, {lab_runs} lab runs)")
        report.goal("socklab under 64 MiB grading a class", rss < 64, f"{rss:.1f} MiB")
        reference = runs[0][1]
        differing = {key for _, run in runs[1:] for key in reference if run.get(key) != reference[key]}
        # The copies of one example must agree with each other, in every run.
        by_kind = {}
        for _, run in runs:
            for (name, lab, check), verdict in run.items():
                by_kind.setdefault((name.split("-", 1)[1], lab, check), set()).add(verdict)
        torn = sorted(key for key, verdicts in by_kind.items() if len(verdicts) > 1)
        report.goal("every run, and every copy of an example, gives each check the same verdict",
                    not differing and not torn,
                    f"{len(reference)} checks × {len(runs)} runs" + (
                        f"; {len(differing)} differ between runs" if differing else "") + (
                        f"; copies disagree on {len(torn)}, e.g. {torn[0]}" if torn else ", all the same"))
        if not args.quick:
            distinct = os.path.join(tmp, "distinct")
            class_of(len(os.listdir(os.path.join(ROOT, "examples", "submissions"))), distinct)
            one, two = os.path.join(tmp, "jobs1.json"), os.path.join(tmp, "jobsN.json")
            argv1, single = grade_class(distinct, labs_file, jobs=1, out=one)
            grade_class(distinct, labs_file, out=two)
            same = verdicts_of(one) == verdicts_of(two)
            report.row("every example once, --jobs 1: wall time", "s", [single["wall"]],
                       shell(argv1).replace(tmp, "$TMP"))
            report.goal("--jobs 1 and the default give the same verdicts (each example once)", same,
                        f"{len(verdicts_of(one))} checks")
        # Where a lab run's CPU goes.
        sandbox_file = os.path.join(tmp, "sandbox.toml")
        with open(sandbox_file, "w") as f:
            f.write(SANDBOX_LABS)
        small = os.path.join(tmp, "small")
        class_of(50, small)
        argv_s, sandbox = grade_class(small, sandbox_file, lab_names=["sandbox-only"])
        _, interpreter = grade_class(small, sandbox_file, lab_names=["interpreter"])
        reference_argv = [bin_path("socklab"), "--labs", labs_file, "run", *grade_labs]
        reference = measured(reference_argv)
        per_sandbox = sandbox["cpu"] / 50 * 1000
        per_interpreter = (interpreter["cpu"] - sandbox["cpu"]) / 50 * 1000
        per_reference = (reference["cpu"] - reference["own"]) / len(grade_labs) * 1000
        report.row("split: sandbox of one lab run (namespaces, account, copy, keeper), socklab's", "ms",
                   [per_sandbox], shell(argv_s).replace(tmp, "$TMP"))
        report.row("split: one python3 start (the student's interpreter)", "ms", [per_interpreter],
                   "the same with student = python3 -c pass, minus the line above")
        report.row("split: the reference programs of one grade lab (socklab run, not socklab itself)", "ms",
                   [per_reference], shell(reference_argv[:4]) + " <every grade lab>")
        report.row("split: socklab playing one grade lab (socklab run, socklab itself)", "ms",
                   [reference["own"] / len(grade_labs) * 1000], shell(reference_argv[:4]) + " <every grade lab>")
        report.note(f"{per_run:.0f} ms of CPU per lab run in all: about {per_sandbox:.0f} ms of sandbox, "
                    f"{per_interpreter:.0f} ms per python3 start (a lab run starts one or two), and the reference "
                    "programs and socklab's own work for the rest.")


# --- framed JSON (seeds 001 and 000) ---------------------------------------------------------------

def framed_servers():
    """(label, argv without the port) of each server: framed-json's two modes, a Python server written
    like seed 001's, and tcp-echo as the ceiling."""
    return [("framed-json server --mode threads", [bin_path("framed-json"), "server", "--quiet", "--mode", "threads"]),
            ("framed-json server --mode poll", [bin_path("framed-json"), "server", "--quiet", "--mode", "poll"]),
            (FRAMED_PYTHON, ["python3", os.path.join(ROOT, "examples", "python", "framed_json_server.py")]),
            (FRAMED_CEILING, [bin_path("tcp-echo"), "server", "--mode", "poll", "--no-quit"])]


FRAMED_PYTHON = "the seed-001-style Python server"
# Each frame echoed back unchanged is a valid reply to `--send hola`: a server with no work per message.
FRAMED_CEILING = "tcp-echo server --mode poll (each frame echoed: no work per message, the ceiling)"


def framed_run(server_argv, clients, count, pinned=False):
    """Requests per second of `clients` connections each making `count` request-reply round trips
    with a 64-byte frame ("hola" padded to 60, plus the prefix), and the server's peak RSS. Pinned:
    the server on CPU 1, the client on CPU 0 (taskset), so that each has a core of its own."""
    port = free_port()
    server_pin, client_pin = (["taskset", "-c", "1"], ["taskset", "-c", "0"]) if pinned else ([], [])
    if server_argv[0] == "python3":
        server = Proc(server_pin + server_argv + [str(port)], ready="Servidor escuchando")
    else:
        server = Proc(server_pin + server_argv + ["--bind", f"127.0.0.1:{port}"])
    argv = client_pin + [bin_path("framed-json"), "client", "--to", f"127.0.0.1:{port}", "--clients", str(clients),
            "--count", str(count), "--send", "hola", "--json", "--timeout", "60s"]
    try:
        output = run(argv)
        rss = (server.peak_rss_kib() or 0) / 1024
    finally:
        server.stop()
    summary = next(json.loads(line) for line in output.splitlines() if '"summary"' in line)
    return argv, summary["per_second"], rss


def bench_framed(report, args):
    count = 2000 if args.quick else 20000
    report.section("framed-json: frames per second",
                   "Request-reply round trips of one 64-byte frame (`\"hola\"` padded to 60, plus the 4-byte "
                   f"prefix), {count} per connection with 1 connection, {count // 10} per connection with 32 "
                   "connections at once (`framed-json client --clients N --count M`), against framed-json's two "
                   "modes and `examples/python/framed_json_server.py`, a Python server written like seed 001's "
                   "(a thread per client, exact reads), and tcp-echo echoing each frame back unchanged (a valid "
                   "reply to `--send hola`, with no work per message: the ceiling); then the same with the "
                   "server and the client on a core each (taskset). Then 200 clients connected at once, each "
                   "with two requests, and each server's peak RSS. The servers' output goes to a pipe the benchmark drains; "
                   "framed-json runs with `--quiet` (no line per message), the Python server prints its "
                   "`Enviando respuesta` line per message as the seed's does.")
    rates = {}
    for label, server in framed_servers():
        for clients, per_client in ((1, count), (32, count // 10)):
            runs = [framed_run(server, clients, per_client) for _ in range(args.repeat)]
            rates[label, clients] = report.row(f"{label}, {clients} client(s): round trips", "/s",
                                               [r[1] for r in runs], f"{shell(server)}; " + shell(runs[0][0]))
    pinning = shutil.which("taskset") is not None and os.cpu_count() >= 2
    if pinning:
        for label, server in framed_servers():
            runs = [framed_run(server, 32, count // 10, pinned=True) for _ in range(args.repeat)]
            rates[label, "pinned"] = report.row(
                f"{label}, 32 clients, server and client on a core each: round trips", "/s", [r[1] for r in runs],
                f"taskset -c 1 {shell(server)}; " + shell(runs[0][0]))
    for mode in ("threads", "poll"):
        label = f"framed-json server --mode {mode}"
        ratio = rates[label, 32] / rates[FRAMED_PYTHON, 32]
        ceiling = rates[FRAMED_CEILING, 32] / rates[FRAMED_PYTHON, 32]
        detail = (f"{rates[label, 32]:,.0f} vs {rates[FRAMED_PYTHON, 32]:,.0f}/s = {ratio:.1f}× (the echo "
                  f"ceiling: {ceiling:.1f}×)")
        if pinning:
            pinned = rates[label, "pinned"] / rates[FRAMED_PYTHON, "pinned"]
            pinned_ceiling = rates[FRAMED_CEILING, "pinned"] / rates[FRAMED_PYTHON, "pinned"]
            detail += f"; a core each: {pinned:.1f}× (ceiling {pinned_ceiling:.1f}×)"
        report.goal(f"{label} ≥ 5× the seed-001-style Python server with 32 clients", ratio >= 5, detail)
    for label, server in framed_servers()[:3]:
        runs = [framed_run(server, 200, 2) for _ in range(args.repeat)]
        peak = report.row(f"{label}, 200 clients connected at once: server peak RSS", "MiB",
                          [r[2] for r in runs], f"VmHWM of the server during {shell(runs[0][0])}")
        if "poll" in label:
            report.goal("framed-json poll server under 20 MiB with 200 clients", peak < 20, f"{peak:.1f} MiB")


# --- HFTP (seed 002) -------------------------------------------------------------------------------

HFTP_PYTHON = "the lab-style Python server"


def hftp_servers():
    """(label, argv without the folder and port) of each server: hftp's three modes and a Python
    server written like the course lab's (examples/submissions/hftp-correct: a thread per client,
    the slice read whole, base64 in one call, sendall)."""
    return [(f"hftp server --mode {mode}", [bin_path("hftp"), "server", "--mode", mode]) for mode in ("serial", "threads", "poll")] + [
        (HFTP_PYTHON, ["python3", os.path.join(ROOT, "examples", "submissions", "hftp-correct", "server.py")])]


def hftp_server(argv, folder):
    port = free_port()
    if argv[0] == "python3":
        return Proc(argv + ["-d", folder, "-p", str(port), "-a", "127.0.0.1"], ready="Running File Server"), port
    return Proc(argv + ["--dir", folder, "--bind", f"127.0.0.1:{port}"], ready="Running File Server"), port


def hftp_download(argv, folder, slice_size, out):
    server, port = hftp_server(argv, folder)
    client = [bin_path("hftp"), "client", "--to", f"127.0.0.1:{port}", "--timeout", "60s", "get", "big.bin",
              "--out", out, "--slice-size", slice_size]
    try:
        started = time.monotonic()
        run(client)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    return client, os.path.getsize(out) / elapsed / (1 << 20)


def hftp_raw_slice(argv, folder, mib):
    """One get_slice of `mib` MiB read as a line and dropped (no decoding, no file): what the server
    alone can send."""
    server, port = hftp_server(argv, folder)
    client = [bin_path("hftp"), "client", "--to", f"127.0.0.1:{port}", "--timeout", "60s", "raw",
              f"get_slice big.bin 0 {mib << 20}\\r\\n"]
    try:
        started = time.monotonic()
        output = run(client)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    if not output.startswith("0 OK"):
        raise RuntimeError(f"{shell(client)}: {output.strip()}")
    return client, mib / elapsed


def hftp_listing(argv, folder, clients):
    """`clients` listings at once (a thread each, all connected first); the server's peak RSS."""
    server, port = hftp_server(argv, folder)
    barrier = threading.Barrier(clients)
    failures = []

    def one():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
                barrier.wait()
                sock.sendall(b"get_file_listing\r\nquit\r\n")
                data = b""
                while not data.endswith(b"0 OK\r\n") or data.count(b"0 OK") < 2:
                    piece = sock.recv(65536)
                    if not piece:
                        break
                    data += piece
        except (OSError, threading.BrokenBarrierError) as err:
            failures.append(err)
    try:
        threads = [threading.Thread(target=one) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rss = (server.peak_rss_kib() or 0) / 1024
    finally:
        server.stop()
    return rss, len(failures)


def bench_hftp(report, args):
    size = 20 if args.quick else 100
    report.section("hftp: get_slice throughput and many clients",
                   f"A {size} MiB file of random bytes downloaded by `hftp client get` in slices of 1 MiB, and in "
                   f"slices of {min(size, 64)} MiB (the client's largest; the course's client asks for the whole "
                   "file at once), from hftp's "
                   "three modes and a Python server written like the lab's (examples/submissions/hftp-correct: "
                   "a thread per client, the slice read whole, base64 in one call, sendall); the client decodes, "
                   "writes and fsyncs the file, the same work for every server. Then one slice of 32 MiB that "
                   "the client reads as a line and drops (no decoding, no file): what the server alone sends. "
                   "Then 100 clients "
                   "listing a folder of 200 files at once, and each server's peak RSS.")
    import tempfile
    with tempfile.TemporaryDirectory(prefix="socklab-bench-") as tmp:
        folder = os.path.join(tmp, "data")
        os.makedirs(folder)
        with open(os.path.join(folder, "big.bin"), "wb") as f:
            f.write(os.urandom(size << 20))
        for i in range(200):
            open(os.path.join(folder, f"file{i:03d}.txt"), "w").close()
        out = os.path.join(tmp, "copy.bin")
        rates = {}
        whole = f"{min(size, 64)}MiB"
        for slice_size in ("1MiB", whole):
            for label, server in hftp_servers():
                runs = [hftp_download(server, folder, slice_size, out) for _ in range(args.repeat)]
                rates[label, slice_size] = report.row(
                    f"{label}, slices of {slice_size}: download", "MiB/s", [r[1] for r in runs],
                    f"{shell(server)} --dir DIR; " + shell(runs[0][0]).replace(tmp, "$TMP"))
        for label, server in hftp_servers():
            runs = [hftp_raw_slice(server, folder, 32) for _ in range(args.repeat)]
            rates[label, "raw"] = report.row(f"{label}, one slice of 32 MiB read and dropped", "MiB/s",
                                             [r[1] for r in runs], f"{shell(server)} --dir DIR; " + shell(runs[0][0]))
        best = max(rates[f"hftp server --mode {m}", "raw"] for m in ("serial", "threads", "poll"))
        report.goal("hftp get_slice ≥ 3× the lab-style Python server (one 32 MiB slice, read and dropped)",
                    best / rates[HFTP_PYTHON, "raw"] >= 3,
                    f"{best:,.0f} vs {rates[HFTP_PYTHON, 'raw']:,.0f} MiB/s = {best / rates[HFTP_PYTHON, 'raw']:.1f}×")
        for slice_size in ("1MiB", whole):
            best = max(rates[f"hftp server --mode {m}", slice_size] for m in ("serial", "threads", "poll"))
            ratio = best / rates[HFTP_PYTHON, slice_size]
            report.goal(f"hftp get_slice ≥ 3× the lab-style Python server (slices of {slice_size})", ratio >= 3,
                        f"{best:,.0f} vs {rates[HFTP_PYTHON, slice_size]:,.0f} MiB/s = {ratio:.1f}×")
        for label, server in hftp_servers():
            if "serial" in label:
                continue
            runs = [hftp_listing(server, folder, 100) for _ in range(args.repeat)]
            peak = report.row(f"{label}, 100 clients listing at once: server peak RSS", "MiB", [r[0] for r in runs],
                              f"VmHWM of {shell(server)} while 100 clients each send get_file_listing and quit")
            if any(r[1] for r in runs):
                report.note(f"{label}: {sum(r[1] for r in runs)} of the listing clients failed")
            if "poll" in label:
                report.goal("hftp poll server under 20 MiB with 100 clients listing", peak < 20, f"{peak:.1f} MiB")


# --- the suite -------------------------------------------------------------------------------------

SECTIONS = {"tcp": bench_tcp, "udp": bench_udp, "many": bench_many, "framed": bench_framed, "hftp": bench_hftp,
            "harness": bench_harness, "grading": bench_grading, "class": bench_class}


def machine_facts():
    def read(path):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            return "?"
    return {
        "kernel": platform.release(),
        "cores": os.cpu_count(),
        "somaxconn": read("/proc/sys/net/core/somaxconn"),
        "rmem_max": read("/proc/sys/net/core/rmem_max"),
        "wmem_max": read("/proc/sys/net/core/wmem_max"),
        "python": platform.python_version(),
    }


def build():
    print("building (cargo build --release, gcc -O2 for the C references)...", flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    os.makedirs(BUILD, exist_ok=True)
    ref = os.path.join(ROOT, "bench", "ref")
    subprocess.run(["gcc", "-O2", "-pthread", "-o", os.path.join(BUILD, "echo_ref"), os.path.join(ref, "echo_ref.c")],
                   check=True)
    subprocess.run(["gcc", "-O2", "-o", os.path.join(BUILD, "udp_ref"), os.path.join(ref, "udp_ref.c")], check=True)


def write_markdown(report, facts, args, path):
    lines = ["# Benchmarks", "",
             "Measured by `python3 bench/run.py` " + ("(quick mode) " if args.quick else "")
             + f"with {args.repeat} repeats per figure, on {time.strftime('%Y-%m-%d')}. "
             "Medians with min–max; every figure names the command that made it. The machine is shared: "
             "compare ratios within this page, not with other runs.", "",
             "Machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()), "", "## Goals", "",
             "| goal | verdict | figures |", "|---|---|---|"]
    for text, ok, detail in report.goals:
        lines.append(f"| {text} | {'met' if ok else '**missed**'} | {detail} |")
    for section in report.sections:
        lines += ["", f"## {section['title']}", "", section["intro"], "",
                  "| what | median | min–max | command |", "|---|---|---|---|"]
        for what, unit, med, low, high, command in section["rows"]:
            lines.append(f"| {what} | {fmt(med)} {unit} | {fmt(low)}–{fmt(high)} | `{command}` |")
        if section["notes"]:
            lines += [""] + [f"- {note}" for note in section["notes"]]
    notes = os.path.join(ROOT, "bench", "NOTES.md")
    if os.path.exists(notes):
        with open(notes) as f:
            lines += ["", f.read().rstrip()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run: {','.join(SECTIONS)}")
    parser.add_argument("--out", help="where the report goes (default: docs/BENCHMARKS.md for a full run, "
                                      "target/bench/BENCHMARKS-<sections>.md with --only)")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.out is None:
        # A partial run must not replace the page that holds every section.
        everything = set(chosen) == set(SECTIONS) and not args.quick
        args.out = (os.path.join(ROOT, "docs", "BENCHMARKS.md") if everything
                    else os.path.join(BUILD, f"BENCHMARKS-{'-'.join(chosen)}{'-quick' if args.quick else ''}.md"))
    if shutil.which("gcc") is None:
        sys.exit("error: gcc is needed to build the C reference programs")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        build()
        facts = machine_facts()
        report = Report()
        for name in chosen:
            SECTIONS[name](report, args)
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        write_markdown(report, facts, args, args.out)
        print(f"\nwrote {args.out}")
        missed = [goal for goal in report.goals if not goal[1]]
        print(f"{len(report.goals) - len(missed)} goals met, {len(missed)} missed")
    finally:
        Proc.stop_all()


if __name__ == "__main__":
    main()
