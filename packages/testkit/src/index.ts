export { storageContract, type MakeStorage, type StorageCapabilities, type StorageContractOptions } from './storage-contract/index.js';
