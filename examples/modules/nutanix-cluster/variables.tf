variable "name" {
  description = "Cluster name (a DNS label)."
  type        = string
}

variable "cloud_account_id" {
  description = "Id of the nutanix_cloud_account (<namespace>/<name>) whose Prism Central hosts the cluster."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes version, e.g. v1.33.2."
  type        = string
}

variable "prism_element_cluster" {
  description = "Prism Element cluster (name or UUID) for the VMs."
  type        = string
}

variable "subnet" {
  description = "Subnet (name or UUID) of the node NICs."
  type        = string
}

variable "image" {
  description = "Node image (name or UUID)."
  type        = string
}

variable "endpoint_ip" {
  description = "Control-plane virtual IP: a free address in the subnet, outside its IP pool."
  type        = string
}

variable "control_plane_nodes" {
  description = "Control-plane nodes: 1, 3 or 5."
  type        = number
  default     = 3

  validation {
    condition     = contains([1, 3, 5], var.control_plane_nodes)
    error_message = "control_plane_nodes must be 1, 3 or 5."
  }
}

variable "worker_nodes" {
  description = "Nodes of the single worker pool \"workers\"."
  type        = number
  default     = 2
}

variable "worker_memory" {
  description = "Memory of each worker, e.g. 8Gi."
  type        = string
  default     = "8Gi"
}

variable "wait_for" {
  description = "What apply waits for: none, control_plane or ready."
  type        = string
  default     = "ready"
}

variable "create_timeout" {
  description = "How long create may take, e.g. 60m."
  type        = string
  default     = "60m"
}
