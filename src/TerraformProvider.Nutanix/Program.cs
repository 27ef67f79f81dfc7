// Entry point of terraform-provider-nutanix. The plugin host lives in Terraform.Plugin.
return 0;
