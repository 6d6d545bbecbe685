#!/usr/bin/env bash
# Records the committed traces in bench/traces/ from real Debian programs, with the
# LD_PRELOAD recorder (recorder.c). Each program runs a small fixed workload; a program
# that starts children (gcc) writes one trace per process, and the largest (cc1) is kept.
# Traces are compressed with xz. Re-run after changing the workloads or the format.
#
#   bench/trace/record_traces.sh [output-dir]      (default bench/traces)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../traces}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cc -std=c11 -O2 -shared -fPIC -fvisibility=hidden "$here/recorder.c" -o "$work/recorder.so" \
  -ldl -lpthread

# record <name> <command...>: runs the command under the recorder, keeps the largest trace.
record() {
  local name="$1"
  shift
  mkdir -p "$work/$name"
  TIDE_TRACE="$work/$name/%p.trace" LD_PRELOAD="$work/recorder.so" "$@" >/dev/null
  local largest
  largest="$(ls -S "$work/$name"/*.trace | head -n 1)"
  xz -9 -c "$largest" >"$out/$name.trace.xz"
  echo "record: $name: $(stat -c %s "$largest") bytes -> $(stat -c %s "$out/$name.trace.xz") compressed"
}

# python3: the interpreter's own allocator (pymalloc) serves small objects; what reaches
# malloc is its arenas' neighbours: large strings, lists, dicts and buffers.
cat >"$work/workload.py" <<'PY'
import json, random, re
random.seed(7)
records = [{"id": i, "name": "item-%d" % i, "tags": ["t%d" % (i % 17)] * (i % 9),
            "text": "x" * random.randint(10, 3000)} for i in range(30000)]
encoded = json.dumps(records)
decoded = json.loads(encoded)
index = {r["name"]: r for r in decoded}
words = re.findall(r"item-\d+", encoded)
words.sort(key=lambda w: w[::-1])
chunks = [encoded[i:i + random.randint(100, 20000)] for i in range(0, len(encoded), 15000)]
del records, decoded, encoded
table = {}
for i in range(200000):
    table.setdefault(i % 5000, []).append(i)
print(len(index), len(words), len(chunks), sum(len(v) for v in table.values()))
PY
record python3 /usr/bin/python3 "$work/workload.py"

# sqlite3: an in-memory database: inserts, an index, aggregates, deletes, vacuum.
record sqlite3 sqlite3 :memory: "
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, body BLOB, n INTEGER);
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000)
    INSERT INTO t SELECT x, 'name' || (x * 7919 % 1000), randomblob(abs(random()) % 2000), x % 97 FROM c;
  CREATE INDEX t_name ON t(name);
  SELECT n, count(*), sum(length(body)) FROM t GROUP BY n ORDER BY 3 DESC LIMIT 5;
  DELETE FROM t WHERE id % 3 = 0;
  VACUUM;
  SELECT count(*) FROM t WHERE name LIKE 'name1%';"

# gcc: compiles the recorder itself at -O2; cc1 makes the trace.
record gcc gcc -O2 -c "$here/recorder.c" -o "$work/recorder.o"
