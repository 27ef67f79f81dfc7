#!/usr/bin/env python3
"""perf script output (comm,pid,tid,ip,sym,dso; -g stacks) of plugin processes -> CPU per process by phase: each sample
of the provider's threads goes to the first rule whose pattern matches any frame of its stack. Used by bench/profile-host.sh."""
import sys, re, collections
rules = [
  ("runtime start (rehydrate, module init)", r"StartupCodeHelpers|RhInitialize|InitializeModules"),
  ("AutoMTLS cert (keygen, sign)", r"AutoMtls__CreateSelfSigned|AutoMtls__LoadClient"),
  ("CA store load (chain build)", r"LoadMachineStores|OpenSslCachedSystemStoreProvider"),
  ("chain build (other)", r"X509Chain__Build|ChainPal__BuildChain"),
  ("TLS handshake (other)", r"SslStream|HttpsConnectionMiddleware"),
  ("host build (DI, builder)", r"PluginHost__Build|WebApplicationBuilder|WebApplication___ctor"),
  ("host start (Kestrel, routing)", r"Host__StartAsync|GenericWebHostService|KestrelServer"),
  ("gRPC request path", r"Http2Stream|HttpProtocol__ProcessRequests|Http2Connection|ServerCallHandler|ProviderService"),
  ("DI (other)", r"DependencyInjection"),
  ("type loader (other)", r"TypeLoader"),
  ("main (other)", r"PluginHost__RunAsync|Program___Main"),
  ("GC", r"WKS::|gc_heap"),
  ("dynamic linker", r"_dl_|dl_open|do_lookup"),
]
rules = [(n, re.compile(p)) for n, p in rules]
procs = set(); counts = collections.Counter(); total = 0
comm_ok = re.compile(r"^(terraform-provi|\.NET |Kestrel)")
sample = []; head = None
def flush():
    global total
    if head is None: return
    comm, pid = head
    if not comm_ok.match(comm): return
    procs.add(pid); total += 1
    stack = " ".join(sample)
    for n, p in rules:
        if p.search(stack):
            counts[n] += 1; return
    # fall back: first frame's dso
    m = re.search(r"\(([^)]*)\)", sample[0]) if sample else None
    dso = m.group(1).rsplit("/",1)[-1] if m else "?"
    counts["other: " + dso] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); head = None; sample = []; continue
    if not line.startswith((" ", "\t")):
        m = re.match(r"^(.{1,16}?)\s+(\d+)(?:/\d+)?\s", line)
        # comm can contain spaces: perf script prints comm padded; use pid field
        m = re.match(r"^(.*?)\s+(\d+)/(\d+)\s", line) or re.match(r"^(.*?)\s+(\d+)\s", line)
        head = (m.group(1).strip(), m.group(2)) if m else ("?", "?")
        sample = []
    else:
        sample.append(line.strip())
flush()
hz = float(sys.argv[1]) if len(sys.argv) > 1 else 4999
n = max(len(procs), 1)
print(f"{len(procs)} processes, {total} samples, {total/hz*1000/n:.1f} ms CPU per process")
for k, v in counts.most_common():
    print(f"{v/hz*1000/n:7.1f} ms  {100*v/total:5.1f}%  {k}")
