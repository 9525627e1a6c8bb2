export { memoryStorage } from './memory/index.js';
export { composeStorage, type StoragePart } from './compose.js';
export { batchLookups, type BatchLookupsOptions } from './batch-lookups.js';
