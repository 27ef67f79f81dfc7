data "nutanix_image" "node" {
  cloud_account_id = nutanix_cloud_account.pc.id
  name             = "ubuntu-2204-kube-v1.33.2"
}

output "image_uuid" {
  value = data.nutanix_image.node.uuid
}
