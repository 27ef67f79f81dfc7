terraform {
  required_version = ">= 1.11"
  required_providers {
    nutanix = {
      source = "nutanix-cloud-native/nutanix"
    }
  }
}
