/**
 * Whether `role` may do `permissionOrRole`: the role's permissions contain it or `"*"`, or it
 * names the role itself. An unknown role may do nothing.
 *
 * @example
 * can({ user: ['profile:read'], admin: ['*'] }, 'user', 'profile:read') // true
 * can({ user: ['profile:read'], admin: ['*'] }, 'user', 'admin') // false
 */
export function can(roles: Record<string, string[]>, role: string, permissionOrRole: string): boolean {
  // Own-property lookup: a role called "constructor" must not reach Object.prototype.
  if (!Object.hasOwn(roles, role)) return false;
  if (role === permissionOrRole) return true;
  const permissions = roles[role];
  return Array.isArray(permissions) && (permissions.includes('*') || permissions.includes(permissionOrRole));
}
