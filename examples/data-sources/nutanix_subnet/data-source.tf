# Subnet names are unique per Prism Element cluster; name the cluster when the same name exists on several.
data "nutanix_subnet" "k8s" {
  cloud_account_id      = nutanix_cloud_account.pc.id
  name                  = "shared-infra"
  prism_element_cluster = "pe-cluster-b"
}

output "subnet_vlan" {
  value = data.nutanix_subnet.k8s.vlan_id
}
