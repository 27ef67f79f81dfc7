# State in PostgreSQL with locking (Terraform's built-in "pg" backend: one row per workspace in
# <schema_name>.states, locked with a PostgreSQL advisory lock while a command holds the state).
#
#   export PG_CONN_STR="postgres://terraform@db.example.internal:5432/terraform_state?sslmode=require"
#   export PGPASSWORD=...        # or a ~/.pgpass entry; keep the password out of the file
#   terraform init
#   terraform apply
#
# A second `terraform apply` started while the first holds the lock fails at once with
# "Error acquiring the state lock", or waits for it with -lock-timeout=5m.
terraform {
  required_version = ">= 1.11"

  backend "pg" {
    schema_name = "nutanix_quickstart"
    # conn_str comes from PG_CONN_STR (or -backend-config="conn_str=...").
  }

  required_providers {
    nutanix = {
      source = "nutanix-cloud-native/nutanix"
    }
  }
}

variable "mgmt_kubeconfig" {
  description = "Kubeconfig of the management cluster."
  type        = string
}

provider "nutanix" {
  kubeconfig_path = var.mgmt_kubeconfig
}

resource "nutanix_pcg" "team" {
  name = "team-state"
}

output "gateway" {
  value = "${nutanix_pcg.team.id} ${nutanix_pcg.team.status}"
}
