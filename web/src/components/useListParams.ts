/**
 * List filters and paging kept in the URL (`?q=…&page=2`), so a reload or a shared link shows
 * the same rows. Changing a filter goes back to page 1.
 */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

export interface ListParams {
  page: number;
  pageSize: number;
  get: (key: string) => string | undefined;
}

export function useListParams(
  defaultPageSize = 20,
): [ListParams, (patch: Record<string, string | number | undefined>) => void] {
  const [search, setSearch] = useSearchParams();
  const params = useMemo<ListParams>(() => {
    const page = Math.max(1, Number(search.get("page")) || 1);
    const pageSize = Math.min(200, Math.max(1, Number(search.get("pageSize")) || defaultPageSize));
    return { page, pageSize, get: (k) => search.get(k) || undefined };
  }, [search, defaultPageSize]);

  const update = useCallback(
    (patch: Record<string, string | number | undefined>) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === "") next.delete(k);
            else next.set(k, String(v));
          }
          if (!("page" in patch)) next.delete("page");
          return next;
        },
        { replace: true },
      );
    },
    [setSearch],
  );
  return [params, update];
}
