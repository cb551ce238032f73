// A trial across its centers, de-identified: per-center counts only (no patient ids; small counts shown as "<3" by the
// server), live through the hub's JoinTrial / trialSummary, plus alert counts and time to acknowledge per center.
import { requireToken } from "./lib/auth.js";
import { api, ApiError } from "./lib/api.js";
import { liveConnection } from "./lib/hub.js";
import { header, refusal, connectionBanner } from "./lib/chrome.js";
import { el, clock, routeId, kindName, number } from "./lib/format.js";
import { cell, total, distribution } from "./lib/counts.js";

const trialId = routeId("/sponsor/");

if (requireToken()) start();

async function start() {
  header(`Sponsor · ${trialId}`);
  try {
    renderSummary(await api(`/api/v1/trials/${encodeURIComponent(trialId)}/summary`));
    renderQuality(await api(`/api/v1/trials/${encodeURIComponent(trialId)}/alert-quality`));
  } catch (error) {
    if (error instanceof ApiError) return refusal(error, `trial ${trialId}`);
    throw error;
  }
  liveConnection({
    join: async (connection) => renderSummary(await connection.invoke("JoinTrial", trialId)),
    onState: connectionBanner,
    handlers: { trialSummary: (summary) => { if (summary.trialId === trialId) renderSummary(summary); } },
  });
  // Alert counts are not pushed: refreshed every minute.
  setInterval(async () => { try { renderQuality(await api(`/api/v1/trials/${encodeURIComponent(trialId)}/alert-quality`)); } catch { /* next minute */ } }, 60_000);
}

function renderSummary(summary) {
  document.getElementById("as-of").textContent = `as of ${clock(summary.asOf)}`;
  const centers = [...summary.centers].sort((a, b) => a.centerId.localeCompare(b.centerId));
  document.getElementById("centers").replaceChildren(...centers.map((c) => el("tr", { "data-center-id": c.centerId },
    el("th", { scope: "row" }, c.centerId),
    cell(c.patientsEnrolled),
    cell(c.patientsInRiskWindow),
    el("td", {}, ["emergency", "urgent", "info"].map((s) => `${s}: ${c.openAlertsBySeverity?.[s] ?? 0}`).join(" · ")),
    el("td", {}, distribution(c.crsMaxGradeDistribution)),
    el("td", {}, distribution(c.icansMaxGradeDistribution)),
  )));
  document.getElementById("totals").replaceChildren(el("tr", {},
    el("th", { scope: "row" }, "All centers"),
    el("td", {}, String(total(centers.map((c) => c.patientsEnrolled)))),
    el("td", {}, String(total(centers.map((c) => c.patientsInRiskWindow)))),
    el("td", { colspan: "3" }, ""),
  ));
}

function renderQuality(quality) {
  const rows = [];
  for (const center of [...quality.centers].sort((a, b) => a.centerId.localeCompare(b.centerId))) {
    for (const k of center.kinds) {
      rows.push(el("tr", {},
        el("th", { scope: "row" }, center.centerId), el("td", {}, kindName(k.kind)), cell(k.raised), cell(k.acknowledged), cell(k.escalations),
        el("td", {}, k.timeToAcknowledgeP50Seconds === null ? "hidden (<3 acknowledged)" : `${number(k.timeToAcknowledgeP50Seconds / 60)} min`),
        el("td", {}, k.timeToAcknowledgeP90Seconds === null ? "hidden (<3 acknowledged)" : `${number(k.timeToAcknowledgeP90Seconds / 60)} min`)));
    }
  }
  document.getElementById("quality").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "7" }, "No alert raised yet."))]));
}
