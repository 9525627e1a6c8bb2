import type { RouteDefinition } from '../http/types.js';
import { adminRoutes } from './admin-routes.js';
import { authRoutes } from './auth-routes.js';
import { sessionRoutes } from './session-routes.js';
import { usersRoutes } from './users-routes.js';

/** Every route of the HTTP contract (DESIGN §7) that exists so far, declared once. */
export const vaultRoutes: readonly RouteDefinition[] = [...authRoutes, ...sessionRoutes, ...usersRoutes, ...adminRoutes];
