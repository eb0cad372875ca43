"""`make load` prints what it measured: steady-state pages per stage, sign-ins on their own, every error counted.

The arithmetic lives in scripts/load/summary.py, apart from locust (which
patches the standard library when imported), so it is tested here without a
server.
"""

import os
import subprocess
import time

from scripts.load.cpu import app_processes, cpu_seconds, used_since
from scripts.load.summary import (
    MEASURED,
    RAMP_UP,
    SIGN_IN,
    STOPPING,
    WARM_UP,
    Recorder,
    Sample,
    errors_of,
    p95_of,
    page_rows,
    percentile,
    stage_report,
)


def sample(stage: int, phase: str, name: str, ms: float, method: str = "GET", error: str | None = None) -> Sample:
    return Sample(stage, phase, method, name, ms, error)


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1 .. 100 ms
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.99) == 99
    assert percentile([7.0], 0.95) == 7
    assert percentile([30.0, 10.0, 20.0], 0.5) == 20


def test_the_recorder_files_requests_under_the_current_stage_and_phase():
    recorder = Recorder()
    recorder.stage, recorder.phase = 20, WARM_UP
    recorder.on_request(request_type="GET", name="customer list", response_time=12.5, response_length=100)
    recorder.phase = MEASURED
    recorder.on_request(
        request_type="POST", name="log a call", response_time=80, exception=RuntimeError("500: not saved")
    )
    assert recorder.samples == [
        Sample(20, WARM_UP, "GET", "customer list", 12.5, None),
        Sample(20, MEASURED, "POST", "log a call", 80.0, "RuntimeError: 500: not saved"),
    ]


def test_page_table_holds_only_the_measured_window_of_its_stage():
    samples = [
        sample(20, RAMP_UP, "customer list", 900),  # while users were still signing in
        sample(20, WARM_UP, "customer list", 800),
        sample(20, MEASURED, "customer list", 100),
        sample(20, MEASURED, "customer list", 200),
        sample(20, STOPPING, "customer list", 700),
        sample(10, MEASURED, "customer list", 50),  # another stage
        sample(20, MEASURED, SIGN_IN, 3000, method="POST"),  # sign-ins have their own line
    ]
    [row] = page_rows(samples, 20, seconds=10)
    assert (row.method, row.name, row.requests, row.errors) == ("GET", "customer list", 2, 0)
    assert row.per_second == 0.2
    assert (row.p50, row.p95, row.p99) == (100, 200, 200)
    assert p95_of(samples, 20, "GET", "customer list") == 200
    assert p95_of(samples, 20, "GET", "dashboard") is None


def test_errors_count_whenever_they_happened():
    samples = [
        sample(5, RAMP_UP, SIGN_IN, 4000, method="POST", error="timeout"),
        sample(5, WARM_UP, "dashboard", 300, error="HTTPError: 500"),
        sample(5, MEASURED, "dashboard", 300),
        sample(20, MEASURED, "dashboard", 300, error="HTTPError: 503"),
    ]
    assert sum(errors_of(samples).values()) == 3
    assert errors_of(samples, 5) == {("POST", SIGN_IN, "timeout"): 1, ("GET", "dashboard", "HTTPError: 500"): 1}


def test_the_stage_report_says_what_is_measured_and_shows_sign_ins_apart():
    samples = [
        sample(20, RAMP_UP, SIGN_IN, 40),
        sample(20, RAMP_UP, SIGN_IN, 2500, method="POST"),
        sample(20, RAMP_UP, SIGN_IN, 30),
        sample(20, WARM_UP, SIGN_IN, 3500, method="POST", error="timeout"),
        sample(20, WARM_UP, "customer list", 900, error="HTTPError: 500"),
        sample(20, MEASURED, "customer list", 120),
        sample(20, MEASURED, "dashboard", 400),
    ]
    lines = stage_report(samples, 20, seconds=30, spawn_rate=1)
    text = "\n".join(lines)
    assert lines[0] == "  pages, steady state (30 s measured): 0.1 requests/s, 0 errors of 2"
    assert "GET customer list" in lines[2] and "GET dashboard" in lines[3]
    assert "sign-in, measured separately (2 users joining this stage, at most 1 a second)" in text
    assert "POST p50 2500 ms, p95 3500 ms, max 3500 ms; 1 errors of 4 requests" in text
    assert "not in the table: 1 page requests during the ramp-up, warm-up and stop, 1 errors" in text
    assert "error: GET customer list: HTTPError: 500 (1x)" in text
    assert "error: POST sign-in: timeout (1x)" in text


def test_a_stage_without_newcomers_says_the_users_kept_their_sessions():
    lines = stage_report([sample(5, MEASURED, "customer list", 10)], 5, seconds=30, spawn_rate=1)
    assert "  sign-in: no user joined this stage (the users kept their sessions)" in lines


def test_cpu_seconds_reads_running_processes_and_skips_gone_ones():
    started = time.process_time()
    while time.process_time() - started < 0.05:  # burn a little CPU
        pass
    gone = subprocess.Popen(["true"])
    gone.wait()
    seconds = cpu_seconds([os.getpid(), gone.pid])
    assert seconds.keys() == {os.getpid()}
    assert seconds[os.getpid()] >= 0.05


def test_the_app_is_its_master_and_the_master_s_children():
    master = subprocess.Popen(["sh", "-c", "sleep 5 & sleep 5 & wait"])
    try:
        deadline = time.monotonic() + 5
        while len(processes := app_processes(master)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes[0] == master.pid and len(processes) == 3
    finally:
        master.kill()
        master.wait()


def test_cpu_used_counts_newcomers_from_zero_and_leaves_out_the_gone():
    start = {1: 10.0, 2: 5.0}
    end = {1: 12.5, 3: 0.5}  # 2 has ended, 3 started in the window
    assert used_since(start, end) == 3.0
