/** Providers (antd theme and locale, session) and the routes. */
import { App as AntApp, ConfigProvider } from "antd";
import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { setUnauthenticatedHandler } from "./api.ts";
import { PageSpinner } from "./components/PageSpinner.tsx";
import { antdLocale } from "./i18n/antd.ts";
import { LoginPage } from "./pages/LoginPage.tsx";
import { defaultShopPage, shopPages } from "./pages/registry.ts";
import { SessionProvider, useSession } from "./session.tsx";

const ShopLayout = lazy(() =>
  import("./layout/ShopLayout.tsx").then((m) => ({ default: m.ShopLayout })),
);
const HomeRedirect = lazy(() =>
  import("./layout/HomeRedirect.tsx").then((m) => ({ default: m.HomeRedirect })),
);
const NotFound = lazy(() => import("./layout/NotFound.tsx").then((m) => ({ default: m.NotFound })));

/** Sends the user to the login page whenever the server answers 401. */
function UnauthenticatedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const { clear } = useSession();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      clear();
      if (location.pathname !== "/login") {
        navigate("/login", { replace: true, state: { from: location.pathname } });
      }
    });
  }, [navigate, location.pathname, clear]);
  return null;
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpinner />}>{children}</Suspense>;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={antdLocale(i18n.language)}
      theme={{ token: { colorPrimary: "#e8590c", borderRadius: 6 } }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <UnauthenticatedRedirect />
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/"
                element={
                  <Lazy>
                    <HomeRedirect />
                  </Lazy>
                }
              />
              <Route
                path="/shops/:shop"
                element={
                  <Lazy>
                    <ShopLayout />
                  </Lazy>
                }
              >
                <Route index element={<Navigate to={defaultShopPage} replace />} />
                {shopPages.map((p) => (
                  <Route
                    key={p.path}
                    path={p.nested ? `${p.path}/*` : p.path}
                    element={
                      <Lazy>
                        <p.component />
                      </Lazy>
                    }
                  />
                ))}
                <Route
                  path="*"
                  element={
                    <Lazy>
                      <NotFound />
                    </Lazy>
                  }
                />
              </Route>
              <Route
                path="*"
                element={
                  <Lazy>
                    <NotFound />
                  </Lazy>
                }
              />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
