// The Swift s3api cluster started by test/servers/swift/start.sh: read from SWIFT_S3_* variables, else from the
// env file start.sh writes ($SWIFT_S3_DIR/env, default /tmp/mambu-backfill-swift/env).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SwiftS3Env {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export const SWIFT_HOWTO =
  'Swift s3api is not running, so the faithful-S3 suite is skipped. Start it (as root) with ' +
  '`bash test/servers/swift/start.sh` (needs apt packages swift swift-proxy swift-account swift-container ' +
  'swift-object memcached), re-run the tests, then `bash test/servers/swift/stop.sh`.';

export function swiftEnvFile(): string {
  return join(process.env.SWIFT_S3_DIR || '/tmp/mambu-backfill-swift', 'env');
}

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** The cluster's address and keys; undefined (suites skip) when it is not started — except in CI, which sets
 *  REQUIRE_SWIFT=1 so that a faithful-S3 suite can never pass by skipping. */
export function swiftS3Env(): SwiftS3Env | undefined {
  const env = readSwiftEnv();
  if (!env && process.env.REQUIRE_SWIFT === '1') throw new Error(`REQUIRE_SWIFT=1 but ${SWIFT_HOWTO}`);
  return env;
}

function readSwiftEnv(): SwiftS3Env | undefined {
  let vars: Record<string, string | undefined> = process.env;
  if (!vars.SWIFT_S3_ENDPOINT) {
    const file = swiftEnvFile();
    if (!existsSync(file)) return undefined;
    vars = parseEnvFile(readFileSync(file, 'utf8'));
  }
  const { SWIFT_S3_ENDPOINT, SWIFT_S3_ACCESS_KEY, SWIFT_S3_SECRET_KEY, SWIFT_S3_REGION } = vars;
  if (!SWIFT_S3_ENDPOINT || !SWIFT_S3_ACCESS_KEY || !SWIFT_S3_SECRET_KEY) return undefined;
  return {
    endpoint: SWIFT_S3_ENDPOINT,
    accessKeyId: SWIFT_S3_ACCESS_KEY,
    secretAccessKey: SWIFT_S3_SECRET_KEY,
    region: SWIFT_S3_REGION || 'us-east-1',
  };
}
