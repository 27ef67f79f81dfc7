#!/usr/bin/env python3
"""Issue #14 item 3: what one refresh costs the management cluster as the number of clusters grows.

For each N (default 10, 100, 1000, growing in one simulator): `terraform apply` brings the workspace to N existing
nutanix_cluster resources (one control-plane node each) on `nutanix-sim --fast`, then `terraform plan` (refresh on)
runs REPS times. For every plan it records the Kubernetes API requests the simulator answered meanwhile (from its
`/admin/state` counters, by verb and resource), wall and CPU time of terraform + provider, the provider's peak RSS and
the simulator's CPU. The simulator runs with an inventory that adds one large subnet (`vlan-500-scale`, ≈ 4,000
addresses) to the default one, so 1,000 clusters fit.

    bench/refresh-scale.sh [SIZES=10,100,1000] [REPS=3]

Prints, per N, the medians and the requests per plan by verb, and appends them to bench/results/refresh-scale.txt.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from terraform_bench import Bench, loadavg, run_and_append  # noqa: E402

SCALE_SUBNET = {
    "name": "vlan-500-scale", "cluster": "pe-cluster-a", "vlan_id": 500, "subnet_ip": "10.50.0.0", "prefix_length": 20,
    "default_gateway_ip": "10.50.0.1", "pool": ["10.50.0.10 10.50.15.250"], "dns": ["10.0.0.2"],
}


class ScaleBench(Bench):
    def __init__(self, args: argparse.Namespace) -> None:
        args.n = max(args.sizes)
        args.wait_for = "ready"
        args.tf_log = ""
        args.sample_interval = 0.05
        args.parallelism = 10
        super().__init__(args)
        self.admin: tuple[str, str] | None = None
        self.rows: list[dict[str, object]] = []

    def start_simulator(self) -> dict[str, object]:
        root = Path(__file__).resolve().parent.parent
        inventory = json.loads((root / "src/Nutanix.Simulator/inventory/default-inventory.json").read_text())
        inventory["subnets"].append(SCALE_SUBNET)
        path = self.work / "scale-inventory.json"
        path.write_text(json.dumps(inventory, indent=1))
        self.args.sim_cmd += f" --inventory {path}"
        conn = super().start_simulator()
        self.admin = (str(conn["admin_url"]), str(conn["admin_token"]))
        return conn

    def write_configs(self, conn: dict[str, object]) -> None:
        super().write_configs(conn)
        main = self.work / "nutanix" / "main.tf"
        text = main.read_text().replace('subnets               = ["vlan-100-k8s"]', 'subnets               = ["vlan-500-scale"]')
        text = text.replace(f"count                 = {self.args.n}", "count                 = var.n")
        main.write_text(text + 'variable "n" {\n  type = number\n}\n')

    def kube_requests(self) -> dict[str, int]:
        assert self.admin is not None
        url, token = self.admin
        req = urllib.request.Request(url + "/admin/state", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=30) as r:
            state = json.load(r)
        counters = state["kube_requests"]
        return {"total": int(counters["total"]), **{k: int(v) for k, v in counters["by_verb"].items()}}

    def run(self) -> None:
        a = self.args
        conn = self.start_simulator()
        self.write_configs(conn)
        print(f"work dir {self.work}; simulator pid {self.sim.pid if self.sim else '-'}", flush=True)
        self.terraform("A", "apply", "-auto-approve", "-var=n=0", "-target=nutanix_cloud_account.pc")
        for n in sorted(a.sizes):
            self.terraform("A", "apply", "-auto-approve", f"-var=n={n}", f"-parallelism={a.parallelism}")
            self.terraform("A", "plan", "-refresh=true", f"-var=n={n}")  # warm-up
            for rep in range(1, a.reps + 1):
                before = self.kube_requests()
                sample = self.terraform("A", "plan", "-refresh=true", f"-var=n={n}", measure=f"plan-{n}", rep=rep)
                after = self.kube_requests()
                assert sample is not None
                sample["n"] = n
                sample["kube_requests"] = {k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) != before.get(k, 0)}
                self.rows.append(sample)
                print(f"  requests during that plan: {json.dumps(sample['kube_requests'])}", flush=True)
        self.terraform("A", "destroy", "-auto-approve", f"-var=n={max(a.sizes)}", f"-parallelism={a.parallelism}")

    def report(self) -> str:
        def med(xs: list[float]) -> float:
            return statistics.median(xs) if xs else float("nan")

        lines = [f"## refresh-scale {dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%MZ} sizes={self.args.sizes} reps={self.args.reps} commit={self.commit} provider={self.args.provider_dir}",
                 f"load average now: {loadavg()}",
                 "| clusters | plan wall s | CPU s (terraform+provider) | provider peak RSS MiB | simulator CPU s | Kubernetes requests per plan (median) | by verb (last plan) | load before |",
                 "|---|---|---|---|---|---|---|---|"]
        for n in sorted(self.args.sizes):
            rows = [r for r in self.rows if r["n"] == n]
            reqs = [float(r["kube_requests"].get("total", 0)) for r in rows]  # type: ignore[union-attr]
            verbs = {k: v for k, v in rows[-1]["kube_requests"].items() if k != "total"}  # type: ignore[union-attr]
            lines.append(
                f"| {n} | {med([float(r['wall_s']) for r in rows]):.3f} | {med([float(r['cpu_s']) for r in rows]):.3f} | "
                f"{med([float(r['provider_peak_rss_mib']) for r in rows]):.1f} | {med([float(r['sim_cpu_s']) for r in rows]):.3f} | "
                f"{med(reqs):.0f} | {json.dumps(verbs)} | {rows[0]['load_before']} |")
        lines.append("samples:")
        lines += ["  " + json.dumps(r) for r in self.rows]
        return "\n".join(lines) + "\n"


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,1000", type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--provider-dir", default=str(root / "artifacts/bench/nutanix-aot"))
    ap.add_argument("--sim-cmd", default=f"dotnet {root}/src/Nutanix.Simulator/bin/Release/net10.0/nutanix-sim.dll")
    ap.add_argument("--out", default=str(root / "bench/results/refresh-scale.txt"))
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    run_and_append(ScaleBench(args), Path(args.out))


if __name__ == "__main__":
    main()
