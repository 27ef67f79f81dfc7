# A cloud account is imported by "<gateway namespace>/<account name>". The write-only password is not
# imported: set password_wo in configuration and bump password_wo_version to rewrite the stored credentials.
terraform import nutanix_cloud_account.pc prod/pc-east
