export { storageContract, type MakeStorage, type StorageContractOptions } from './storage-contract/index.js';
export { httpConformance, httpFuzz, type ConformanceServer, type HttpConformanceOptions, type HttpFuzzOptions, type MakeServer } from './http-conformance/index.js';
export { uploaderContract, mp4Sample, pngSample, type MakeUploader, type SampleFile, type UploaderContractOptions } from './uploader-contract/index.js';
export { mailerContract, type MailerContractOptions, type MakeMailer, type ReceivedMail } from './mailer-contract/index.js';
export { closedPort } from './closed-port.js';
