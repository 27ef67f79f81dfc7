resource "nutanix_cluster" "apps" {
  name                  = "apps"
  cloud_account_id      = nutanix_cloud_account.pc.id
  kubernetes_version    = "v1.33.2"
  prism_element_cluster = "pe-cluster-a"
  subnets               = ["vlan-100-k8s"]
  image                 = "ubuntu-2204-kube-v1.33.2"

  control_plane = {
    endpoint_ip = "10.10.100.10"
    replicas    = 3
    machine = {
      vcpu_sockets = 2
      memory       = "8Gi"
      system_disk  = "60Gi"
    }
  }

  worker_pools = {
    general = {
      replicas = 3
      machine = {
        vcpu_sockets = 4
        memory       = "16Gi"
        system_disk  = "80Gi"
      }
      labels = {
        "node.example.com/pool" = "general"
      }
    }
    gpu = {
      replicas = 1
      machine = {
        gpus = ["Tesla T4"]
      }
      taints = [{
        key    = "nvidia.com/gpu"
        effect = "NoSchedule"
      }]
    }
  }

  network = {
    pod_cidr     = "172.20.0.0/16"
    service_cidr = "172.19.0.0/16"
  }

  ssh_authorized_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj ops@example.com"]

  # The Nutanix cloud controller manager is installed by default (v0.5.3 for Kubernetes 1.33); here from a mirror.
  # `enabled = false` leaves the nodes uninitialized unless another cloud controller manager is installed.
  ccm = {
    image = "registry.example.com/nutanix-cloud-native/cloud-provider-nutanix/controller:v0.5.3"
  }

  wait_for = "ready"

  # Keep the admin kubeconfig out of state and plan files; read it with the
  # nutanix_cluster_kubeconfig ephemeral resource instead (Terraform 1.10+).
  kubeconfig_in_state = false

  timeouts = {
    create = "60m"
  }
}
