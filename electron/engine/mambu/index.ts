export { createMambuSource } from './source';
export { MambuError } from './errors';
export { KeyHashSet } from './dedupe';
export { parseMambuTime } from './time';
