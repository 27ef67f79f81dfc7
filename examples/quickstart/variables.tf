# ./scripts/quickstart.sh fills these from nutanix-sim's connection.json (the password through TF_VAR_pc_password).
# Against a real Prism Central, set them in a terraform.tfvars (and export TF_VAR_pc_password).

variable "mgmt_kubeconfig" {
  description = "Kubeconfig of the management cluster that hosts the gateway."
  type        = string
}

variable "pc_endpoint" {
  description = "Prism Central host name or IP."
  type        = string
}

variable "pc_port" {
  description = "Prism Central port."
  type        = number
  default     = 9440
}

variable "pc_username" {
  description = "Prism Central user."
  type        = string
}

variable "pc_password" {
  description = "Prism Central password (write-only: never stored in state)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "pc_ca_file" {
  description = "PEM file with the CA of Prism Central's certificate (empty: system roots only)."
  type        = string
  default     = ""
}

variable "cluster_name" {
  type    = string
  default = "quickstart"
}

variable "kubernetes_version" {
  type    = string
  default = "v1.33.2"
}

variable "prism_element_cluster" {
  type    = string
  default = "pe-cluster-a"
}

variable "subnet" {
  type    = string
  default = "vlan-100-k8s"
}

variable "image" {
  type    = string
  default = "ubuntu-2204-kube-v1.33.2"
}

variable "endpoint_ip" {
  description = "Control-plane virtual IP (free address in the subnet, outside its IP pool)."
  type        = string
  default     = "10.10.100.10"
}
