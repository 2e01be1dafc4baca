export { createMambuSource } from './source';
export { MambuError } from './errors';
export { KeyHashSet } from './dedupe';
export { parseMambuTime, formatMambuTime, formatMambuDate } from './time';
export { MAX_RESTARTS, overlapFor } from './pager';
