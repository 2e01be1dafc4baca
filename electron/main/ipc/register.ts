// The only place that calls ipcMain. Every channel of the contract gets one handler that first checks the sender
// (checklist §17), then hands the `unknown` payload to the core handler, which parses it with the shared schema.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ESTIMATE_EVENT_CHANNEL, fail, INVOKE_CHANNELS, RUN_EVENT_CHANNEL } from '../../../shared/ipc/contract';
import { handlerFor, type HandlerDeps } from '../core/handlers';
import type { RunOwner } from '../core/run-manager';
import { checkSender, type SenderInfo, type TrustPolicy } from '../core/sender-check';

export function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  let frame: IpcMainInvokeEvent['senderFrame'] = null;
  try {
    frame = event.senderFrame;
  } catch {
    // Accessing a frame that navigated away or was destroyed throws in some Electron versions.
  }
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: !!frame && frame === event.sender.mainFrame,
  };
}

export function ownerOf(contents: WebContents): RunOwner {
  return {
    id: contents.id,
    send: (batch) => contents.send(RUN_EVENT_CHANNEL, batch),
    sendEstimate: (e) => contents.send(ESTIMATE_EVENT_CHANNEL, e),
    isDestroyed: () => contents.isDestroyed(),
  };
}

export function registerIpcHandlers(deps: HandlerDeps, policy: TrustPolicy): () => void {
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlerFor(channel);
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const verdict = checkSender(senderInfo(event), policy);
      if (!verdict.trusted) {
        console.warn(`[ipc] refused ${channel}: ${verdict.reason}`);
        return fail(`${channel} was refused: ${verdict.reason}`);
      }
      if (args.length > 1) return fail(`${channel} takes one payload object, got ${args.length} arguments`);
      return handler(deps, args[0], { owner: ownerOf(event.sender) });
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
