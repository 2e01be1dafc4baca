// Runs s3rver in its own Node process, started with --openssl-legacy-provider: s3rver encrypts ListObjectsV2
// continuation tokens with DES, which Node 17+ only offers with the legacy provider (without it a paged listing
// answers 500). The vitest worker cannot get that flag, hence a child process.
// argv: <data dir> <bucket>...  Prints one JSON line {"port": N} once listening on 127.0.0.1.
// Exits when its stdin closes, so it never outlives the test process that started it.
import S3rver from 's3rver';

const [dir, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: dir,
  configureBuckets: buckets.map((name) => ({ name })),
});
const addr = await server.run();
process.stdout.write(JSON.stringify({ port: addr.port }) + '\n');
process.stdin.resume();
process.stdin.on('end', () => {
  server.close().finally(() => process.exit(0));
});
