"""generate_diff called 6 times in one `supa-dokploy mcp` process: the first (cold) call's and the best warm call's
timing, so the JVM's warm-up can be told apart from the work. Usage: mcp_warm_diff.py SOURCE TARGET CMD..."""
import json, subprocess, sys

source, target, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

def call(i, method, params):
    p.stdin.write((json.dumps({"jsonrpc": "2.0", "id": i, "method": method, "params": params}) + "\n").encode())
    p.stdin.flush()
    while True:
        msg = json.loads(p.stdout.readline())
        if msg.get("id") == i:
            return msg["result"]

call(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}})
p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
timings = []
for i in range(6):
    r = call(10 + i, "tools/call", {"name": "generate_diff", "arguments": {"source": source, "target": target}})
    assert not r.get("isError"), r
    timings.append(r["structuredContent"]["timing"])
p.stdin.close(); p.wait(timeout=30)
best = min(timings[1:], key=lambda t: t["totalMs"])
print(timings[0]["totalMs"], best["totalMs"], best["readMs"], best["diffMs"])
