// The one place every AWS SDK client (S3, Glue, Secrets Manager) gets its transport options from, so that
// proxy support (HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and similar transport concerns are decided once.
// Endpoints are NOT chosen here: the SDK's own standard configuration (AWS_ENDPOINT_URL_<SERVICE>) applies.

/** Options spread into every AWS client's constructor. Filled in by the proxy work; empty means SDK defaults. */
export function awsClientOptions(): Record<string, unknown> {
  return {};
}
