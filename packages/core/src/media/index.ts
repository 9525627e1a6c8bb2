/** Uploads: the multipart body kind, the upload flow and the embedded local-disk uploader. */
export { multipart, fileInput, type MultipartBody, type MultipartSpec, type UploadSource } from './multipart-body.js';
export { storeUpload, keepUpload, removeUploadQuietly, userFolder, type StoreUploadOptions, type StoredUpload, type UploadContext } from './store-upload.js';
export { sniffFormat, MEDIA_FORMATS, type SniffedFormat } from './sniff.js';
export { localDiskUploader, isLocalDiskUploader, type LocalDiskUploader, type LocalDiskUploaderOptions, type LocalFile } from './local-disk-uploader.js';
export { DEFAULT_UPLOAD_DIRECTORY } from './default-uploader.js';
