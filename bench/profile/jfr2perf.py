#!/usr/bin/env python3
# JFR execution samples -> `perf script`-style text (leaf frame first), which flame graph tools read.
import re, sys, subprocess
f, win = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None)
only = sys.argv[3] if len(sys.argv) > 3 else None
txt = subprocess.run(['jfr', 'print', '--stack-depth', '96', '--events', 'jdk.ExecutionSample', f], capture_output=True, text=True).stdout
out = sys.stdout
for e in txt.split('jdk.ExecutionSample {')[1:]:
    t = re.search(r'startTime = ([\d:.]+)', e).group(1)
    if win:
        a, b = win.split('-')
        if not (a <= t <= b): continue
    th = re.search(r'sampledThread = "([^"]+)"', e)
    th = re.sub(r'-\d+$', '', th.group(1)) if th else '?'
    if only and only not in th: continue
    frames = re.findall(r'^\s+([\w$.<>/]+)\(', e, re.M)
    out.write(f"java 1 [000] 1.0: cpu-clock:\n")
    for fr in frames + [th]:
        out.write(f"\t    0 {fr} (/jvm)\n")
    out.write("\n")
