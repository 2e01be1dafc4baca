// Points the real AWS SDK clients of this test process at loopback stand-ins through the SDK's standard endpoint
// variables, with fixed test credentials; restores the environment afterwards.
const NAMES = [
  'AWS_ENDPOINT_URL_GLUE',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_PROFILE',
] as const;

export function useAwsEnv(values: Partial<Record<(typeof NAMES)[number], string>>): () => void {
  const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  for (const n of NAMES) delete process.env[n];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'stand-in-secret',
    AWS_REGION: 'eu-west-1',
    ...values,
  });
  return () => {
    for (const n of NAMES) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  };
}
