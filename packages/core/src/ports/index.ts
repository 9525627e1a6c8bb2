export type * from './storage.js';
export type * from './mailer.js';
export type * from './uploader.js';
