export { memoryStorage, type MemoryStorageOptions } from './memory/index.js';
export { composeStorage, type ComposeStorageInput, type StorageLifecycle } from './compose.js';
