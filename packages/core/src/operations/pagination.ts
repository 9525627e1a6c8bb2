import { z } from 'zod';

/** The one page-size cap of every list (DESIGN §7b). */
export const MAX_PAGE_SIZE = 100;

/** `page` from 1; `limit` default 20, capped at 100 (values above are clamped, not refused). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .transform((n) => Math.min(n, MAX_PAGE_SIZE)),
});
