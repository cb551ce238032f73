// The safety board's page. Today: incidence tables from the de-identified trial summary (highest CRS and ICANS grade
// per patient, by center). When GET /api/v1/trials/{trialId}/safety-report answers 200, its JSON is rendered as
// well: every array of objects becomes a table and every nested object a section, so that the page needs no change
// when the report gains fields.
import { requireToken, token } from "./lib/auth.js";
import { api, ApiError } from "./lib/api.js";
import { liveConnection } from "./lib/hub.js";
import { header, refusal, connectionBanner } from "./lib/chrome.js";
import { el, clock, routeId } from "./lib/format.js";
import { cell } from "./lib/counts.js";

const trialId = routeId("/dsmb/");
const grades = ["0", "1", "2", "3", "4"];

if (requireToken()) start();

async function start() {
  header(`Safety board · ${trialId}`);
  try {
    renderIncidence(await api(`/api/v1/trials/${encodeURIComponent(trialId)}/summary`));
  } catch (error) {
    if (error instanceof ApiError) return refusal(error, `trial ${trialId}`);
    throw error;
  }
  loadReport();
  liveConnection({
    join: async (connection) => renderIncidence(await connection.invoke("JoinTrial", trialId)),
    onState: connectionBanner,
    handlers: { trialSummary: (summary) => { if (summary.trialId === trialId) renderIncidence(summary); } },
  });
}

function renderIncidence(summary) {
  document.getElementById("as-of").textContent = `as of ${clock(summary.asOf)}`;
  const centers = [...summary.centers].sort((a, b) => a.centerId.localeCompare(b.centerId));
  for (const [id, field] of [["crs", "crsMaxGradeDistribution"], ["icans", "icansMaxGradeDistribution"]]) {
    document.getElementById(id).replaceChildren(...centers.map((c) => {
      const counts = c[field] ?? {};
      return el("tr", {}, el("th", { scope: "row" }, c.centerId), cell(c.patientsEnrolled), ...grades.map((g) => cell(counts[g] ?? 0)),
        el("td", {}, incidence(c.patientsEnrolled, grades.filter((g) => g !== "0").map((g) => counts[g] ?? 0))),
        el("td", {}, incidence(c.patientsEnrolled, ["3", "4"].map((g) => counts[g] ?? 0))));
    }));
  }
}

/** "3/9 (33 %)" when every count is known; small counts ("<3") make the proportion unknown, and it says so. */
function incidence(enrolled, parts) {
  if (typeof enrolled !== "number" || parts.some((p) => typeof p !== "number")) return "not shown (small counts)";
  const n = parts.reduce((a, b) => a + b, 0);
  return enrolled === 0 ? "–" : `${n}/${enrolled} (${Math.round((100 * n) / enrolled)} %)`;
}

async function loadReport() {
  const target = document.getElementById("report");
  try {
    const report = await api(`/api/v1/trials/${encodeURIComponent(trialId)}/safety-report`);
    target.replaceChildren(render(report, 3));
    // The plots of the same data cut, from the report's printable form.
    await loadPlots(report.dataCut?.asOf);
  } catch (error) {
    target.replaceChildren(el("p", { class: "hint" }, error.status === 404 || error.status === 403
      ? "The safety report is not available on this server yet; the incidence tables above come from the live trial summary."
      : `The safety report could not be loaded: ${error.message}`));
  }
}

/**
 * The printable report (format=html) draws its plots as inline SVG: cumulative incidence of onset, and each stopping
 * boundary b(n) with the trial's point. They are shown here as they are, and the whole report opens in a new tab.
 */
async function loadPlots(asOf) {
  const query = `format=html${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ""}`;
  const response = await fetch(`/api/v1/trials/${encodeURIComponent(trialId)}/safety-report?${query}`, {
    headers: { Accept: "text/html", Authorization: `Bearer ${token()}` },
  });
  if (!response.ok) return;
  const html = await response.text();
  const printable = new DOMParser().parseFromString(html, "text/html");
  const figures = [...printable.querySelectorAll("figure")].map((figure) => document.importNode(figure, true));
  document.getElementById("plots").replaceChildren(...figures);
  document.getElementById("printable").href = URL.createObjectURL(new Blob([html], { type: "text/html" }));
  document.getElementById("plots-section").hidden = figures.length === 0;
}

/** Any JSON: arrays of objects as tables, objects as sections of their fields, the rest as text. */
function render(value, level) {
  if (Array.isArray(value)) {
    if (value.length && value.every((v) => v && typeof v === "object" && !Array.isArray(v))) return table(value);
    return el("span", {}, value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ") || "none");
  }
  if (value && typeof value === "object") {
    const section = el("div", { class: "report-section" });
    const plain = Object.entries(value).filter(([, v]) => v === null || typeof v !== "object");
    if (plain.length) section.append(el("dl", {}, ...plain.flatMap(([k, v]) => [el("dt", {}, words(k)), el("dd", {}, v === null ? "–" : String(v))])));
    for (const [k, v] of Object.entries(value).filter(([, v]) => v !== null && typeof v === "object")) {
      section.append(el(`h${Math.min(level, 6)}`, {}, words(k)), render(v, level + 1));
    }
    return section;
  }
  return el("span", {}, String(value));
}

function table(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return el("div", { class: "table-wrap" }, el("table", {},
    el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, words(c))))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...columns.map((c) => el("td", {}, r[c] === null || r[c] === undefined ? "–" : typeof r[c] === "object" ? JSON.stringify(r[c]) : String(r[c]))))))));
}

function words(key) {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}
