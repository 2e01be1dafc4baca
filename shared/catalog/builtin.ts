// Filled in by the catalog work (issue 2 §3): one schema per standard table.
import type { Catalog } from './tables';

export const BUILTIN_CATALOG: Catalog = {};
