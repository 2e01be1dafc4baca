// Persistence shared by the app's main process and the CLI: the data folder, presets, run journals.
export { dataHome, homeLayout, HOME_ENV, PRODUCT_NAME, type HomeLayout } from './home';
export { StoreError, isStoreError, type StoreErrorCode, type StoreIssue } from './store-error';
export { writeFileAtomic, writeJsonAtomic, readJsonFile, moveAside, sweepStaleTemps, type JsonReadResult } from './atomic-file';
export { writeQueue, type WriteQueue } from './write-queue';
export { PresetStore, type StoreProblem, type ImportConflict, type ImportResult, type PresetStoreOptions } from './presets';
export { JournalStore, JOURNAL_VERSION, isValidRunId, type RunSummary, type RunListEntry, type JournalWriter } from './journal';
export { journalObserver, applyChildOutcome, type JournalObserver, type JournalObserverOptions } from './journal-observer';
export { acquireTableLock, lockHolder, pidAlive, TableLockedError, type LockHolder, type TableLock } from './table-lock';
