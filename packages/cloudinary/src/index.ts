export { cloudinaryUploader } from './cloudinary-uploader.js';
export { parseCloudinaryUrl, type CloudinaryAccount, type CloudinaryUploaderOptions } from './options.js';
