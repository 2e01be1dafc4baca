// The one place every AWS SDK client (S3, Glue, Secrets Manager) gets its transport options from, so that
// proxy support (HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and similar transport concerns are decided once.
// Endpoints are NOT chosen here: the SDK's own standard configuration (AWS_ENDPOINT_URL_<SERVICE>) applies.
import { proxyAwareAgents } from '../net/proxy-agent';

/** Options spread into every AWS client's constructor: `new S3Client({ ...awsClientOptions(), ...own })`.
 *  The SDK's NodeHttpHandler gets agents that send each connection through the proxy the environment names for
 *  its host (or directly, with keep-alive, as the SDK's own agents). A fresh pair per call: destroying one client
 *  must not close another's sockets. */
export function awsClientOptions(): Record<string, unknown> {
  const { httpAgent, httpsAgent } = proxyAwareAgents();
  return { requestHandler: { httpAgent, httpsAgent } };
}
