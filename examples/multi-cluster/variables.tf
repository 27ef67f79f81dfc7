variable "mgmt_kubeconfig" {
  description = "Kubeconfig of the management cluster that hosts the gateway."
  type        = string
}

variable "pc_endpoint" {
  type = string
}

variable "pc_port" {
  type    = number
  default = 9440
}

variable "pc_username" {
  type = string
}

variable "pc_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "pc_ca_file" {
  description = "PEM file with Prism Central's CA (empty: system roots only)."
  type        = string
  default     = ""
}

variable "kubernetes_version" {
  type    = string
  default = "v1.33.2"
}

variable "worker_nodes" {
  description = "Workers per cluster."
  type        = number
  default     = 2
}
