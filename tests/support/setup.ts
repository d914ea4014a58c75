// Every test process: never let the @alicloud/credentials default chain reach the ECS metadata
// service or read the developer's own credential files.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = "/nonexistent/pulumi-alicloud-flink-tests";
process.env.ALIBABA_CLOUD_CONFIG_FILE = "/nonexistent/pulumi-alicloud-flink-tests";
// The aliyun CLI profile (~/.aliyun/config.json) is part of the default chain: hide the real one.
process.env.HOME = "/nonexistent/pulumi-alicloud-flink-tests-home";
for (const name of [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALICLOUD_ACCESS_KEY",
  "ALICLOUD_SECRET_KEY",
  "ALICLOUD_SECURITY_TOKEN",
  "ALIBABA_CLOUD_ROLE_ARN",
  "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
  "ALIBABA_CLOUD_CREDENTIALS_URI",
]) {
  delete process.env[name];
}
