output "gateway_id" {
  value = nutanix_pcg.shared.id
}

output "clusters" {
  description = "Phase and node count of each cluster."
  value = {
    for name, m in { blue = module.blue, green = module.green } :
    name => { id = m.id, phase = m.phase, nodes = length(m.nodes) }
  }
}

output "blue_kubeconfig" {
  value     = module.blue.kubeconfig
  sensitive = true
}

output "green_kubeconfig" {
  value     = module.green.kubeconfig
  sensitive = true
}
