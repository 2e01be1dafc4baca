// Estimates for windows: one at a time per window, an id returned at once, progress and the result streamed back
// on `estimate:event`, cancel through an AbortController. The engine opens a session only to ask Mambu (its
// destination is never touched: an estimate writes nothing).
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { validateEvent } from '../../../shared/event/schema';
import type { EstimateEvent } from '../../../shared/estimate';
import { fail, ok, type Result } from '../../../shared/ipc/contract';
import { countChunks } from '../../../shared/plan';
import type { EngineApi } from './engine-api';
import { redact, type SecretStore } from './secret-store';
import { resolveConnectionSecret, type SecretFallback } from './secrets-resolve';
import type { SettingsStore } from './settings-store';

export interface EstimateOwner {
  id: number;
  sendEstimate?(event: EstimateEvent): void;
  isDestroyed(): boolean;
}

export interface EstimateDeps {
  engine: EngineApi;
  settings: SettingsStore;
  secrets: SecretStore;
  fallbackSecret?: SecretFallback;
  newRunId?: () => string;
}

interface ActiveEstimate {
  id: string;
  ownerId: number;
  controller: AbortController;
  done: Promise<void>;
}

export class EstimateManager {
  private readonly byOwner = new Map<number, ActiveEstimate>();

  constructor(private readonly deps: EstimateDeps) {}

  async start(owner: EstimateOwner, req: { event: unknown; connection: string }): Promise<Result<{ estimateId: string; chunks: number }>> {
    const running = this.byOwner.get(owner.id);
    if (running) return fail(`An estimate is already running in this window (${running.id}); cancel it or wait for it.`);
    const v = validateEvent(req.event);
    if (!v.ok) return fail(`The event is not valid: ${v.issues.map((i) => i.message).join('; ')}`, v.issues);
    const connection = await this.deps.settings.connection(req.connection);
    if (!connection) {
      return fail(`connection "${req.connection}" is not configured; choose one in Settings → Connections`, [
        { field: 'connection', message: `connection "${req.connection}" is not configured` },
      ]);
    }
    const secret = await resolveConnectionSecret(this.deps.secrets, connection, this.deps.fallbackSecret);
    if (!secret.ok) return secret;
    if (this.byOwner.has(owner.id)) return fail('An estimate is already running in this window; cancel it or wait for it.');

    const id = `estimate-${(this.deps.newRunId ?? randomUUID)()}`;
    const controller = new AbortController();
    let settle!: () => void;
    const entry: ActiveEstimate = { id, ownerId: owner.id, controller, done: new Promise((r) => (settle = r)) };
    this.byOwner.set(owner.id, entry);
    const send = (e: EstimateEvent) => {
      if (!owner.isDestroyed()) owner.sendEstimate?.(e);
    };
    const hide = (text: string) => redact(text, [secret.value]);
    setImmediate(async () => {
      try {
        const estimate = await this.deps.engine.estimate({
          session: {
            connection,
            secret: secret.value,
            // Never written to: an estimate only asks Mambu.
            destination: { kind: 'local', name: 'estimate', path: tmpdir() },
          },
          event: v.event,
          signal: controller.signal,
          onProgress: (p) => send({ type: 'estimate-progress', estimateId: id, ...p }),
        });
        send({ type: 'estimate-done', estimateId: id, estimate });
      } catch (err) {
        const cancelled = controller.signal.aborted;
        send({
          type: 'estimate-failed',
          estimateId: id,
          cancelled,
          error: cancelled ? 'Estimate cancelled' : hide(err instanceof Error ? err.message : String(err)),
        });
      } finally {
        if (this.byOwner.get(owner.id) === entry) this.byOwner.delete(owner.id);
        settle();
      }
    });
    return ok({ estimateId: id, chunks: countChunks(v.event) });
  }

  cancel(owner: { id: number }, estimateId: string): Result<{ cancelled: boolean }> {
    const e = this.byOwner.get(owner.id);
    if (!e || e.id !== estimateId) return ok({ cancelled: false });
    e.controller.abort(new Error('Estimate cancelled'));
    return ok({ cancelled: true });
  }

  cancelAllFor(ownerId: number): void {
    this.byOwner.get(ownerId)?.controller.abort(new Error('The window was closed'));
  }

  /** Resolves when the window's estimate (if any) has ended. */
  async settled(ownerId: number): Promise<void> {
    await this.byOwner.get(ownerId)?.done;
  }

  async shutdown(): Promise<void> {
    const all = [...this.byOwner.values()];
    for (const e of all) e.controller.abort(new Error('The app is quitting'));
    await Promise.all(all.map((e) => e.done));
  }
}
