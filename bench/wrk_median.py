"""Reads wrk --latency outputs OUT/KEY-1.txt .. OUT/KEY-RUNS.txt and prints the median run's
"req/s p50_ms p99_ms" and the errors of all runs (non-2xx/3xx answers and socket errors)."""
import re
import sys


def ms(s):
    v, u = re.match(r'([\d.]+)(us|ms|s)', s).groups()
    return float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u]


out, key, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = []
for i in range(1, runs + 1):
    t = open(f"{out}/{key}-{i}.txt").read()
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
    p50 = ms(re.search(r'^\s+50%\s+(\S+)', t, re.M).group(1))
    p99 = ms(re.search(r'^\s+99%\s+(\S+)', t, re.M).group(1))
    err = 0
    m = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
    if m:
        err += int(m.group(1))
    m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
    if m:
        err += sum(map(int, m.groups()))
    rows.append((rps, p50, p99, err))
rows.sort()
rps, p50, p99, err = rows[len(rows) // 2]
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {sum(r[3] for r in rows)}")
