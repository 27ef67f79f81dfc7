#!/usr/bin/env python3
"""Benchmarks (b, second half), (d) and (e) of issue #7, driven with the real `terraform`.

(d) `terraform plan` (refresh on) of N existing nutanix_cluster resources on `nutanix-sim --fast`
    versus the same count of Terraform's built-in terraform_data;
(e) `terraform apply` creating N of each at -parallelism=P;
(b) peak RSS (VmHWM) and last-seen RSS (VmRSS) of the terraform-provider-nutanix process during the N-resource plan.

The two arms run interleaved (A B, then B A, ... so neither always goes first), each measurement records
wall time, CPU time (user+sys) of the terraform process tree (terraform + provider, from getrusage of the waited-for
children), CPU time the simulator used meanwhile (from /proc/<pid>/stat), and the 1-minute load average before
and after. Prints medians and ratios and appends everything to the results file.

Normally started through bench/terraform-bench.sh, which publishes the provider and builds the simulator first.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
PROVIDER_COMM = "terraform-provi"  # /proc/<pid>/comm is cut at 15 characters


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def proc_cpu_seconds(pid: int) -> float:
    """utime+stime of a live process (all threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def children_of(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                out += [int(x) for x in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


class ProviderSampler(threading.Thread):
    """Polls the provider processes terraform starts: peak RSS (VmHWM), last RSS, last CPU time per process."""

    def __init__(self, root_pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.interval = interval
        self.stop = threading.Event()
        self.procs: dict[int, dict[str, float]] = {}

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in children_of(self.root_pid):
                try:
                    if Path(f"/proc/{pid}/comm").read_text().strip() != PROVIDER_COMM:
                        continue
                    status = Path(f"/proc/{pid}/status").read_text().splitlines()
                    kib = {l.split(":")[0]: int(l.split()[1]) for l in status if l.startswith(("VmHWM:", "VmRSS:"))}
                    cpu = proc_cpu_seconds(pid)
                except (OSError, ValueError, IndexError):
                    continue
                p = self.procs.setdefault(pid, {"hwm_kib": 0, "rss_kib": 0, "cpu_s": 0.0})
                p["hwm_kib"] = max(p["hwm_kib"], kib.get("VmHWM", 0))
                if kib.get("VmRSS", 0):
                    p["rss_kib"] = kib["VmRSS"]
                p["cpu_s"] = cpu
            self.stop.wait(self.interval)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="tfbench-"))
        self.sim: subprocess.Popen[bytes] | None = None
        self.samples: list[dict[str, object]] = []
        self.env = dict(os.environ)
        self.commit = subprocess.run(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short", "HEAD"],
                                     capture_output=True, text=True).stdout.strip()

    # ---- setup -------------------------------------------------------------------------------------------------
    def start_simulator(self) -> dict[str, object]:
        state = self.work / "sim"
        log = open(self.work / "sim.log", "wb")
        cmd = [*self.args.sim_cmd.split(), "--state-dir", str(state), "--fast", "--exit-on-stdin-eof"]
        self.sim = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        conn = state / "connection.json"
        deadline = time.monotonic() + 180
        while not conn.exists():
            if self.sim.poll() is not None:
                sys.exit(f"nutanix-sim exited with {self.sim.returncode}: {(self.work / 'sim.log').read_text()[-2000:]}")
            if time.monotonic() > deadline:
                sys.exit("nutanix-sim did not write connection.json within 180 s")
            time.sleep(0.1)
        time.sleep(0.2)
        return json.loads(conn.read_text())

    def write_configs(self, conn: dict[str, object]) -> None:
        pc = conn["prism_central"]
        assert isinstance(pc, dict)
        (self.work / "terraformrc").write_text(
            'provider_installation {\n'
            f'  dev_overrides {{ "registry.terraform.io/nutanix-cloud-native/nutanix" = "{self.args.provider_dir}" }}\n'
            '  direct {}\n}\n')
        self.env.update({
            "TF_CLI_CONFIG_FILE": str(self.work / "terraformrc"), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1",
            "TF_INPUT": "0", "TF_VAR_pc_password": str(pc["password"]),
        })
        for k in ("TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_CORE", "KUBECONFIG", "TF_CLI_ARGS", "TF_CLI_ARGS_plan", "TF_CLI_ARGS_apply"):
            self.env.pop(k, None)
        if self.args.tf_log:
            self.env["TF_LOG"] = self.args.tf_log
        n = self.args.n
        (self.work / "nutanix").mkdir()
        (self.work / "data").mkdir()
        (self.work / "nutanix" / "main.tf").write_text(f'''terraform {{
  required_providers {{
    nutanix = {{ source = "nutanix-cloud-native/nutanix" }}
  }}
}}
variable "pc_password" {{
  type      = string
  sensitive = true
  ephemeral = true
}}
provider "nutanix" {{
  kubeconfig_path = "{conn["kubeconfig"]}"
}}
resource "nutanix_pcg" "gw" {{
  name = "bench"
}}
resource "nutanix_cloud_account" "pc" {{
  name                    = "pc"
  pcg_id                  = nutanix_pcg.gw.id
  endpoint                = "{pc["endpoint"]}"
  port                    = {pc["port"]}
  additional_trust_bundle = file("{pc["ca_cert_file"]}")
  username                = "{pc["username"]}"
  password_wo             = var.pc_password
  password_wo_version     = 1
}}
# One control-plane node, no worker pools; create waits until the cluster is ready (the default, spelled out).
resource "nutanix_cluster" "c" {{
  count                 = {n}
  name                  = "bench-${{count.index}}"
  cloud_account_id      = nutanix_cloud_account.pc.id
  kubernetes_version    = "v1.33.2"
  prism_element_cluster = "pe-cluster-a"
  subnets               = ["vlan-100-k8s"]
  image                 = "ubuntu-2204-kube-v1.33.2"
  control_plane         = {{ endpoint_ip = cidrhost("10.20.0.0/16", count.index + 10) }}
  wait_for              = "{self.args.wait_for}"
}}
''')
        (self.work / "data" / "main.tf").write_text(f'''resource "terraform_data" "c" {{
  count = {n}
  input = {{ name = "bench-${{count.index}}", replicas = 1 }}
}}
''')

    # ---- running terraform -------------------------------------------------------------------------------------
    def terraform(self, arm: str, *tf_args: str, measure: str | None = None, rep: int = 0) -> dict[str, object] | None:
        cwd = self.work / ("nutanix" if arm == "A" else "data")
        log_path = self.work / f"{arm}-{measure or tf_args[0]}-{len(self.samples)}.log"
        load_before = loadavg()
        sim_before = proc_cpu_seconds(self.sim.pid) if self.sim else 0.0
        ru_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        with open(log_path, "wb") as log:
            p = subprocess.Popen(["terraform", *tf_args, "-no-color"], cwd=cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
            sampler = ProviderSampler(p.pid, self.args.sample_interval)
            sampler.start()
            rc = p.wait()
        wall = time.monotonic() - t0
        # A provider terraform did not reap before exiting was re-parented to us (child subreaper): reap it so its
        # CPU time is counted in RUSAGE_CHILDREN.
        for pid in list(sampler.procs):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        ru_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler.stop.set()
        sampler.join()
        sim_after = proc_cpu_seconds(self.sim.pid) if self.sim else 0.0
        if rc != 0:
            text = log_path.read_text(errors="replace")
            sys.exit(f"terraform {' '.join(tf_args)} ({'nutanix_cluster' if arm == 'A' else 'terraform_data'}) failed with {rc}:\n{text[-6000:]}")
        if measure is None:
            return None
        procs = sampler.procs.values()
        sample: dict[str, object] = {
            "what": measure, "arm": arm, "rep": rep, "wall_s": round(wall, 3),
            "cpu_s": round((ru_after.ru_utime - ru_before.ru_utime) + (ru_after.ru_stime - ru_before.ru_stime), 3),
            "sim_cpu_s": round(sim_after - sim_before, 3),
            "provider_cpu_s": round(sum(p["cpu_s"] for p in procs), 3),
            "provider_processes": len(sampler.procs),
            "provider_peak_rss_mib": round(max((p["hwm_kib"] for p in procs), default=0) / 1024, 1),
            "provider_last_rss_mib": round(max((p["rss_kib"] for p in procs), default=0) / 1024, 1),
            "load_before": load_before, "load_after": loadavg(),
        }
        self.samples.append(sample)
        print(json.dumps(sample), flush=True)
        return sample

    def run(self) -> None:
        a = self.args
        conn = self.start_simulator()
        self.write_configs(conn)
        print(f"work dir {self.work}; simulator pid {self.sim.pid if self.sim else '-'}", flush=True)
        self.terraform("A", "apply", "-auto-approve", "-target=nutanix_cloud_account.pc")
        # Warm-up (page cache, terraform's schema cache): one untimed plan per arm.
        self.terraform("A", "plan", "-refresh=true")
        self.terraform("B", "plan", "-refresh=true")
        apply = ["apply", "-auto-approve", f"-parallelism={a.parallelism}"]
        for rep in range(1, a.reps + 1):
            first, second = ("A", "B") if rep % 2 == 1 else ("B", "A")
            for arm in (first, second):
                self.terraform(arm, *apply, measure="apply", rep=rep)
            for arm in (first, second, second, first):
                self.terraform(arm, "plan", "-refresh=true", measure="plan", rep=rep)
            self.terraform("A", "destroy", "-auto-approve", f"-parallelism={a.parallelism}", "-target=nutanix_cluster.c")
            self.terraform("B", "destroy", "-auto-approve", f"-parallelism={a.parallelism}")
        self.terraform("A", "destroy", "-auto-approve")

    def close(self) -> None:
        if self.sim and self.sim.poll() is None:
            self.sim.send_signal(signal.SIGTERM)
            try:
                self.sim.wait(30)
            except subprocess.TimeoutExpired:
                self.sim.kill()
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)

    # ---- report ------------------------------------------------------------------------------------------------
    def report(self) -> str:
        a = self.args

        def col(what: str, arm: str, key: str) -> list[float]:
            return [float(s[key]) for s in self.samples if s["what"] == what and s["arm"] == arm]  # type: ignore[arg-type]

        def med(xs: list[float]) -> float:
            return statistics.median(xs) if xs else float("nan")

        def pair_ratios(what: str, key: str) -> list[float]:
            out = []
            for rep in range(1, a.reps + 1):
                na = [float(s[key]) for s in self.samples if s["what"] == what and s["arm"] == "A" and s["rep"] == rep]  # type: ignore[arg-type]
                nb = [float(s[key]) for s in self.samples if s["what"] == what and s["arm"] == "B" and s["rep"] == rep]  # type: ignore[arg-type]
                out += [x / y for x, y in zip(na, nb) if y > 0]
            return out

        loads = [float(str(s["load_before"]).split()[0]) for s in self.samples] + [float(str(s["load_after"]).split()[0]) for s in self.samples]
        tf_version = subprocess.run(["terraform", "version"], capture_output=True, text=True, env=self.env).stdout.splitlines()[0]
        cpu_model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
        mem_gib = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal:"))) / 1048576
        commit = self.commit
        lines = [
            f"## terraform-bench {dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%MZ} N={a.n} reps={a.reps} parallelism={a.parallelism} wait_for={a.wait_for} commit={commit}",
            f"machine: {os.cpu_count()} cores ({cpu_model}), {mem_gib:.1f} GiB, {platform.platform()}; {tf_version}; simulator --fast",
            f"load average (1 min) during the run: min {min(loads):.2f}, median {med(loads):.2f}, max {max(loads):.2f}",
        ]
        for what, label, target in (("plan", f"(d) plan (refresh) of {a.n} existing", 1.2), ("apply", f"(e) apply of {a.n} at -parallelism={a.parallelism}", 1.3)):
            wa, wb = col(what, "A", "wall_s"), col(what, "B", "wall_s")
            ca, cb = col(what, "A", "cpu_s"), col(what, "B", "cpu_s")
            sa = col(what, "A", "sim_cpu_s")
            lines.append(
                f"{label}: wall median nutanix_cluster {med(wa):.3f}s vs terraform_data {med(wb):.3f}s, ratio {med(wa) / med(wb):.2f} "
                f"(median of paired ratios {med(pair_ratios(what, 'wall_s')):.2f}; target <= {target})")
            lines.append(
                f"    CPU (terraform+provider) median {med(ca):.3f}s vs {med(cb):.3f}s, ratio {med(ca) / med(cb):.2f}; "
                f"of which provider {med(col(what, 'A', 'provider_cpu_s')):.3f}s; simulator CPU meanwhile {med(sa):.3f}s")
            lines.append(f"    samples wall A {wa} B {wb}; cpu A {ca} B {cb}")
        rss = col("plan", "A", "provider_peak_rss_mib")
        last = col("plan", "A", "provider_last_rss_mib")
        procs = col("plan", "A", "provider_processes")
        lines.append(
            f"(b) provider RSS during a {a.n}-resource plan: peak (VmHWM) median {med(rss):.1f} MiB {rss}, "
            f"last sampled VmRSS median {med(last):.1f} MiB; provider processes per plan {procs}")
        arss = col("apply", "A", "provider_peak_rss_mib")
        lines.append(f"    (apply of {a.n}: provider peak RSS median {med(arss):.1f} MiB {arss})")
        lines.append("samples:")
        lines += ["  " + json.dumps(s) for s in self.samples]
        return "\n".join(lines) + "\n"


def become_subreaper() -> None:
    """Orphaned descendants (a provider outliving terraform) are re-parented to this process, not to init."""
    import ctypes
    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def run_and_append(bench: "Bench", out: Path) -> None:
    """Runs a benchmark as a child subreaper, always cleaning up, then prints its report and appends it to `out`."""
    become_subreaper()
    try:
        bench.run()
    finally:
        bench.close()
    text = bench.report()
    print(text, end="")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "a") as f:
        f.write(text + "\n")
    print(f"appended to {out}")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--parallelism", type=int, default=10)
    ap.add_argument("--wait-for", default="ready", choices=["none", "control_plane", "ready"])
    ap.add_argument("--provider-dir", default=str(root / "artifacts/bench/nutanix-aot"))
    ap.add_argument("--sim-cmd", default=f"dotnet {root}/src/Nutanix.Simulator/bin/Release/net10.0/nutanix-sim.dll")
    ap.add_argument("--out", default=str(root / "bench/results/terraform-bench.txt"))
    ap.add_argument("--sample-interval", type=float, default=0.05, help="provider RSS/CPU polling interval (s)")
    ap.add_argument("--tf-log", default="", help="set TF_LOG for every terraform run (profiling; logs kept with --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (terraform logs, simulator log)")
    args = ap.parse_args()
    if args.n > 150:
        sys.exit("--n above 150 exhausts the default inventory's vlan-100-k8s IP pool (150 addresses)")
    run_and_append(Bench(args), Path(args.out))


if __name__ == "__main__":
    main()
