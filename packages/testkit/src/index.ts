export { storageContract, type MakeStorage, type StorageCapabilities, type StorageContractOptions } from './storage-contract/index.js';
export { httpConformance, httpFuzz, type ConformanceServer, type HttpFuzzOptions, type MakeServer } from './http-conformance/index.js';
