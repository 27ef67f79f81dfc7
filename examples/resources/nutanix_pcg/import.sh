# A gateway is imported by "<namespace>/<name>".
terraform import nutanix_pcg.prod prod/prod
