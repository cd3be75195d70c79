"""Median time from launching `supa-dokploy mcp` to its answer to `initialize`, over 5 launches (RUNS=N for N)."""
import json, os, statistics, subprocess, sys, time

cmd = sys.argv[1:]
runs = int(os.environ.get("RUNS", "5"))
req = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}) + "\n"
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write(req.encode()); p.stdin.flush()
    line = p.stdout.readline()
    times.append((time.perf_counter() - t0) * 1000)
    assert json.loads(line)["id"] == 1, line
    p.stdin.close(); p.wait(timeout=30)
print(f"{statistics.median(times):.0f}")
