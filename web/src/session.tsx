/**
 * The logged-in user and their shops (`GET /api/me`), shared by every page, and the shop
 * selected in the URL (`/shops/:shop/...`).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { type ApiError, api, type Me, type Shop } from "./api.ts";
import { adoptAccountLanguage } from "./i18n/index.ts";

interface SessionState {
  me: Me | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  clear: () => void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(false);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const me = await api.me();
      setMe(me);
      setError(undefined);
      void adoptAccountLanguage(me.user.locale);
    } catch (err) {
      setMe(undefined);
      setError(err as ApiError);
    } finally {
      setLoading(false);
    }
  }, []);

  const clear = useCallback(() => {
    setMe(undefined);
    setError(undefined);
  }, []);

  return (
    <SessionContext.Provider value={{ me, error, loading, reload, clear }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

/** Loads the session once when a page needs it. */
export function useEnsureSession(): SessionState {
  const s = useSession();
  const { me, error, loading, reload } = s;
  useEffect(() => {
    if (!me && !error && !loading) void reload();
  }, [me, error, loading, reload]);
  return s;
}

const ShopContext = createContext<Shop | undefined>(undefined);

export const ShopProvider = ShopContext.Provider;

/** The shop selected in the URL; only inside the shop layout. */
export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error("useShop outside a shop route");
  return shop;
}
