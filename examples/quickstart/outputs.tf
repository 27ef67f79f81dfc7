output "gateway" {
  value = "${nutanix_pcg.gw.id} (${nutanix_pcg.gw.status}, CAPI ${nutanix_pcg.gw.capi_version}, CAPX ${nutanix_pcg.gw.capx_version})"
}

output "prism_central" {
  value = "${var.pc_endpoint}:${var.pc_port} (${nutanix_cloud_account.pc.prism_central_version})"
}

output "cluster_id" {
  value = nutanix_cluster.k8s.id
}

output "cluster_phase" {
  value = nutanix_cluster.k8s.phase
}

output "nodes" {
  # "initialized": the Nutanix cloud controller manager (installed by default, see docs/ccm.md) set the node's
  # provider ID and removed its node.cloudprovider.kubernetes.io/uninitialized taint.
  value = [for n in nutanix_cluster.k8s.nodes : "${n.role} ${n.name} ${coalesce(n.ip, "-")} ${n.phase} ${n.initialized ? "initialized" : "uninitialized"}"]
}

output "kubeconfig" {
  description = "Workload cluster kubeconfig; quickstart.sh writes it to .quickstart/<cluster>.kubeconfig."
  value       = nutanix_cluster.k8s.kubeconfig
  sensitive   = true
}
