// Binds the core's EngineApi to the real engine (electron/engine): everything goes to the engine thread
// (engine-thread.ts says why), so this process never loads the engine's modules for it. Kept apart so the core is
// tested in Node against the interface, and the one place to adjust if the engine's signatures move.
import type { EngineApi } from './core/engine-api';
import { createEngineThread } from './engine-thread';

export const engineApi: EngineApi = createEngineThread();

export { newRunId } from '../engine/run-id';
