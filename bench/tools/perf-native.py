#!/usr/bin/env python3
# perf script output (DWARF stacks) of plugin processes -> CPU per process by the outermost OpenSSL shim / P/Invoke in
# the stack, else the first managed frame, else the leaf library. Used by bench/profile-host.sh.
import sys, re, collections
hz=float(sys.argv[1]); c=collections.Counter(); total=0; procs=set()
for block in sys.stdin.read().split("\n\n"):
    lines=block.strip().split("\n")
    if not lines or not re.match(r"^(terraform-provi|\.NET |Kestrel)", lines[0]): continue
    procs.add(lines[0].split()[-1].split("/")[0] if "/" in lines[0] else lines[0])
    total+=1
    frames=[l.strip() for l in lines[1:]]
    key=None
    for f in frames:
        m=re.match(r"\S+ (\S+)", f)
        if not m: continue
        s=m.group(1)
        if s.startswith(("CryptoNative_","SystemNative_")) or "Interop_Crypto" in s or "Interop_Ssl" in s:
            key=s
    if key is None:
        # first frame from the binary
        for f in frames:
            if "terraform-provider" in f:
                key="managed: "+re.match(r"\S+ (\S+)", f).group(1)[:90]; break
    if key is None:
        m=re.search(r"\(([^)]*)\)", frames[0]) if frames else None
        key="leaf: "+(m.group(1).rsplit('/',1)[-1] if m else "?")
    c[key]+=1
n=len(procs)
print(n,"procs", total/hz*1000/n, "ms/proc")
for k,v in c.most_common(28): print(f"{v/hz*1000/n:6.2f} ms {k}")
