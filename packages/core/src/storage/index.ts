export { memoryStorage } from './memory/index.js';
export { composeStorage, type StoragePart } from './compose.js';
