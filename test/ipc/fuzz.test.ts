// Issue 5: every IPC handler fed arbitrary payloads (fast-check). Never a throw or a hang; every rejection is a
// result object whose issues name their field. Real stores in a temp folder; the scripted engine, so no payload
// can reach the network.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';

vi.mock('electron', () => import('./fake-electron'));

const { openAppBridge } = await import('./app-bridge');
const { scriptedEngine } = await import('./helpers');
const { CHANNELS, handlerFor } = await import('../../electron/main/core/handlers');
const { REQUEST_SCHEMAS } = await import('../../shared/ipc/schemas');

type Bridge = Awaited<ReturnType<typeof openAppBridge>>;
let bridge: Bridge;
const owner = { id: 4242, send: () => undefined, isDestroyed: () => false };

beforeAll(async () => {
  bridge = await openAppBridge(scriptedEngine({ pagesPerChunk: 1 }).engine, 'mb-ipc-fuzz-');
});
afterAll(async () => {
  await bridge.deps.runs.shutdown?.();
  bridge.close();
});

/** Arbitrary values, and objects carrying the schema's own keys with arbitrary values (to get past the first check). */
function payloads(channel: (typeof CHANNELS)[number]): fc.Arbitrary<unknown> {
  const schema = REQUEST_SCHEMAS[channel] as unknown as { shape?: Record<string, unknown> };
  const keys = schema.shape ? Object.keys(schema.shape) : [];
  const anyJson = fc.oneof(fc.jsonValue(), fc.anything({ maxDepth: 3 }));
  if (keys.length === 0) return anyJson;
  const shaped = fc.record(Object.fromEntries(keys.map((k) => [k, anyJson])), { requiredKeys: [] });
  return fc.oneof(
    anyJson,
    shaped,
    fc.tuple(shaped, fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a })),
  );
}

describe('every IPC handler with arbitrary payloads', () => {
  it.each(CHANNELS)('%s never throws and names the field of every rejection', async (channel) => {
    const handler = handlerFor(channel);
    const schema = REQUEST_SCHEMAS[channel];
    await fc.assert(
      fc.asyncProperty(payloads(channel), async (input) => {
        const result = await handler(bridge.deps, input, { owner });
        expect(typeof result.ok).toBe('boolean');
        if (!schema.safeParse(input).success) {
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.error.issues?.length ?? 0).toBeGreaterThan(0);
        }
        if (!result.ok) {
          expect(result.error.message.length).toBeGreaterThan(0);
          for (const issue of result.error.issues ?? []) {
            expect(issue.field.length).toBeGreaterThan(0);
            expect(issue.message).toContain(issue.field);
          }
        }
      }),
      { numRuns: 60, seed: 20251128 },
    );
  });
});
