import { z } from 'zod';

/** `page` from 1; `limit` default 20, capped at 100 (values above are clamped, not refused). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).default(20).transform((n) => Math.min(n, 100)),
});

/** The list envelope of DESIGN §7b. */
export function listData<T>(items: T[], meta: { page: number; limit: number; total: number }) {
  return { items, page: meta.page, limit: meta.limit, total: meta.total };
}
