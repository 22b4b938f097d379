#!/bin/bash
# The CPU, SQLite statements and system calls one declaration costs `tocsin serve`, measured from outside
# the process so that other load on the machine changes the figures little (unlike req/s):
#   scripts/declare-cost.sh <tocsin binary> <label> [connections=64] [seconds=10] [mode]
# mode: perf   task-clock and context switches per declare (perf stat -p)
#       sql    sqlite3_step and sqlite3_prepare calls per declare (uprobes; run once as root:
#              perf probe -x /lib/x86_64-linux-gnu/libsqlite3.so.0 sqlite3_step, sqlite3_prepare_v2, sqlite3_prepare_v3)
#       strace system calls per declare (strace -c -f slows the bot: batches are smaller than without it)
#       record a CPU profile (perf record -e cpu-clock with DWARF call graphs) into the run's directory
# The bot runs against `tocsin sandbox`'s workspace; wrk sends pre-signed declares that differ in trigger_id
# (scripts/signed-declares.py). Runs in /tmp/tocsin-declare-cost-<label>; needs perf, wrk, sqlite3, python3.
BIN=$1; LABEL=$2; C=${3:-64}; D=${4:-10}; MODE=${5:-perf}
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=/tmp/tocsin-declare-cost-$LABEL; rm -rf $DIR; mkdir -p $DIR
BIN=$(realpath "$BIN")
cd $DIR
# the configuration `tocsin sandbox` runs on when given none (the embedded default)
python3 - "$HERE/../Sources/TocsinApp/Configuration/DefaultConfiguration.swift" > $DIR/tocsin.yml <<'PY'
import re, sys
lines = re.search(r'yaml = """\n(.*?)\n\s*"""', open(sys.argv[1]).read(), re.S).group(1).split('\n')
indent = min(len(l) - len(l.lstrip()) for l in lines if l.strip())
print('\n'.join(l[indent:] for l in lines))
PY
"$BIN" sandbox --port 18180 --sandbox-port 18181 --database $DIR/sbx.sqlite --log-level error > $DIR/sandbox.log 2>&1 &
SBX=$!
sleep 1.5
SLACK_BOT_TOKEN=xoxb-sandbox SLACK_SIGNING_SECRET=5e1f7c0a9b3d4e6f8a2c4b6d8e0f1a3c TOCSIN_SLACK_API_URL=http://127.0.0.1:18181/api/ \
  "$BIN" serve --port 18190 --host 127.0.0.1 --database $DIR/bot.sqlite --config $DIR/tocsin.yml --log-level error > $DIR/serve.log 2>&1 &
PID=$!
for i in $(seq 50); do curl -sf http://127.0.0.1:18190/healthz >/dev/null && break; sleep 0.2; done
python3 $HERE/signed-declares.py 0 help > $DIR/help.lua
wrk -t1 -c4 -d1s -s $DIR/help.lua http://127.0.0.1:18190/slack/commands > $DIR/warm.txt
python3 $HERE/signed-declares.py 100000 > $DIR/declare.lua
sleep 1
grep -E "VmRSS" /proc/$PID/status > $DIR/rss-before.txt
case $MODE in
  perf) perf stat -e task-clock,context-switches -x, -o $DIR/perf-ack.txt -p $PID & MON=$!;;
 prep) perf record -e probe_libsqlite3:sqlite3_prepare_v3,probe_libsqlite3:sqlite3_prepare_v2 -g -o $DIR/prep.data -p $PID 2>/dev/null & MON=$!;;
 sql) perf stat -e task-clock,probe_libsqlite3:sqlite3_step,probe_libsqlite3:sqlite3_prepare_v3,probe_libsqlite3:sqlite3_prepare_v2 -x, -o $DIR/perf-ack.txt -p $PID & MON=$!;;
 strace) strace -c -f -o $DIR/strace.txt -p $PID & MON=$!; sleep 1;;
 record) perf record -e cpu-clock --call-graph dwarf,16384 -F 499 -o $DIR/perf.data -p $PID 2>/dev/null & MON=$!;;
 *) MON=;;
esac
wrk -t1 -c$C -d${D}s --latency -s $DIR/declare.lua http://127.0.0.1:18190/slack/commands > $DIR/wrk.txt
[ -n "$MON" ] && kill -INT $MON && wait $MON 2>/dev/null
N=$(sqlite3 $DIR/bot.sqlite "select count(*) from incident")
grep -E "VmRSS|VmHWM" /proc/$PID/status > $DIR/rss-after.txt
kill -TERM $PID; wait $PID; kill -TERM $SBX; wait $SBX
REQ=$(grep -Eo "[0-9]+ requests in" $DIR/wrk.txt | cut -d' ' -f1)
echo "label=$LABEL incidents=$N requests=$REQ $(grep Requests/sec $DIR/wrk.txt)  $(grep -A4 'Latency Distribution' $DIR/wrk.txt | grep 99% | tr -s ' ')"
if [ "$MODE" = perf -o "$MODE" = sql ]; then
 python3 - $DIR $N <<'PY'
import sys
d,n=sys.argv[1],int(sys.argv[2])
def read(f):
    r={}
    for l in open(f):
        p=l.strip().split(',')
        if len(p)>3 and p[0] and p[0][0].isdigit(): r[p[2]]=float(p[0])
    return r
a=read(d+'/perf-ack.txt')
line = "per declare: %.3f ms task-clock" % (a.get('task-clock', 0) / n)
if 'context-switches' in a: line += ", %.1f context switches" % (a['context-switches'] / n)
if 'probe_libsqlite3:sqlite3_step' in a:
    line += ", %.1f sqlite3_step, %.2f sqlite3_prepare (task-clock inflated by the probes)" % (a['probe_libsqlite3:sqlite3_step'] / n, (a.get('probe_libsqlite3:sqlite3_prepare_v3', 0) + a.get('probe_libsqlite3:sqlite3_prepare_v2', 0)) / n)
print(line)
PY
fi
[ "$MODE" = strace ] && { echo "syscalls per declare:"; awk -v n=$N 'NR>2 && $4 ~ /^[0-9]+$/ {printf "%s %.2f\n", $NF, $4/n}' $DIR/strace.txt | sort -k2 -nr | head -25; grep total $DIR/strace.txt | awk -v n=$N "{printf \"total %.2f\\n\", \$4/n}"; }
