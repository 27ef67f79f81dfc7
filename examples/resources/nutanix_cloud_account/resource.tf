variable "pc_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "pc_ca_bundle" {
  description = "PEM CA certificate(s) of Prism Central's TLS certificate."
  type        = string
}

resource "nutanix_pcg" "prod" {
  name = "prod"
}

# Prism Central credentials for the gateway; the password is write-only and never stored in state.
resource "nutanix_cloud_account" "pc" {
  name                    = "pc-east"
  pcg_id                  = nutanix_pcg.prod.id
  endpoint                = "pc.example.internal"
  port                    = 9440
  additional_trust_bundle = var.pc_ca_bundle
  username                = "capx-service"
  password_wo             = var.pc_password
  password_wo_version     = 1 # bump to push a rotated password
}
