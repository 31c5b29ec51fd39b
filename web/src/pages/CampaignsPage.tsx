/** Campaigns: the list (with the schedule template as a second tab) and one campaign at `:id`. */
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { PageSpinner } from "../components/PageSpinner.tsx";

const CampaignList = lazy(() =>
  import("../planning/CampaignList.tsx").then((m) => ({ default: m.CampaignList })),
);
const CampaignPage = lazy(() =>
  import("../planning/CampaignPage.tsx").then((m) => ({ default: m.CampaignPage })),
);

export function CampaignsPage() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route index element={<CampaignList />} />
        <Route path=":id" element={<CampaignPage />} />
      </Routes>
    </Suspense>
  );
}
