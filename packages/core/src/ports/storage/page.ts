/* Pages: every list of the storage port is paged the same way (rules in ../storage.ts). */

export interface Page<T> {
  items: T[];
  /** Every match, not only this page. */
  total: number;
}

export interface PageQuery {
  /** From 1. */
  page: number;
  /** At least 1. */
  limit: number;
}
