// Persistence shared by the app's main process and the CLI: the data folder, presets, run journals.
export { dataHome, homeLayout, type HomeLayout } from './home';
export { isStoreError } from './store-error';
export { writeFileAtomic, writeJsonAtomic, readJsonFile, moveAside, sweepStaleTemps } from './atomic-file';
export { writeQueue } from './write-queue';
export { PresetStore, type StoreProblem } from './presets';
export { JournalStore } from './journal';
export { journalObserver } from './journal-observer';
export { acquireTableLock, lockHolder, TableLockedError, type TableLock } from './table-lock';
