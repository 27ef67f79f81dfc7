output "id" {
  description = "<namespace>/<name> of the cluster."
  value       = nutanix_cluster.this.id
}

output "phase" {
  description = "Cluster API phase (Provisioned when ready)."
  value       = nutanix_cluster.this.phase
}

output "nodes" {
  description = "Machines as \"role name ip phase\" lines."
  value       = [for n in nutanix_cluster.this.nodes : "${n.role} ${n.name} ${coalesce(n.ip, "-")} ${n.phase}"]
}

output "kubeconfig" {
  description = "Admin kubeconfig of the workload cluster."
  value       = nutanix_cluster.this.kubeconfig
  sensitive   = true
}
