/** Rows with snake_case column names turned into camelCase objects (`occurred_at` becomes `occurredAt`). */
export function camelRows<T>(rows: readonly Record<string, unknown>[]): T[] {
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
          v,
        ]),
      ) as T,
  );
}
