// The preload's API (electron/preload/index.ts implements exactly this type from shared/ipc/contract.ts).
import type { BackfillApi } from '../../../shared/ipc/contract';

declare global {
  interface Window {
    /** Missing when the page is opened outside the app (the UI says so). */
    backfill?: BackfillApi;
  }
}

export {};
