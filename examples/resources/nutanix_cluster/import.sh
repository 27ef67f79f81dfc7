# A cluster is imported by "<gateway namespace>/<cluster name>"; its configuration is read back from the
# Cluster API objects on the management cluster.
terraform import nutanix_cluster.apps prod/apps
