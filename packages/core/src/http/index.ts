/** The public part of the HTTP layer: what framework adapters and route authors need. */
export { can } from './authorize.js';
export { parseQueryString } from './query.js';
export { fromFrameworkError } from './framework-error.js';
export { renderError } from './render-error.js';
export type { VaultRequest, VaultResponse, AuthContext, RouteDefinition, Authentication, VaultHttp } from './types.js';
