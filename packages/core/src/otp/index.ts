export { createOtpService } from './otp-service.js';
export type { OtpService } from './types.js';
