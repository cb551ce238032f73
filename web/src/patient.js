// One patient: vitals and labs over a chosen window with the CRS / ICANS episodes shaded behind them, the grade
// track, treatments, and every alert event.
import { requireToken } from "./lib/auth.js";
import { api, ApiError } from "./lib/api.js";
import { header, refusal } from "./lib/chrome.js";
import { el, severityBadge, alertTitle, gradeBadge, clock, routeId, kindName } from "./lib/format.js";

const patientId = routeId("/patients/");
const vitals = ["temperature", "heartRate", "respiratoryRate", "systolicBloodPressure", "oxygenSaturation", "oxygenFlow"];

if (requireToken()) {
  header(`Patient ${patientId}`);
  const select = document.getElementById("hours");
  select.addEventListener("change", () => load(select.value));
  load(select.value);
}

async function load(hours) {
  // The charting code loads while the data is on its way.
  const charting = import("./lib/charts.js");
  let body;
  try {
    body = await api(`/api/v1/patients/${encodeURIComponent(patientId)}/timeline?hours=${hours}`);
  } catch (error) {
    if (error instanceof ApiError) return refusal(error, `patient ${patientId}`);
    throw error;
  }
  const { timeline, status, alertEvents } = body;
  renderStatus(status);
  const to = new Date().toISOString();
  const bands = [
    ...timeline.crsEpisodes.map((e) => ({ ...e, label: `CRS max ${e.maxGrade}`, fill: "rgba(230, 120, 30, 0.18)" })),
    ...timeline.icansEpisodes.map((e) => ({ ...e, label: `ICANS max ${e.maxGrade}`, fill: "rgba(120, 60, 200, 0.18)" })),
  ];
  const { lineChart } = await charting;
  const charts = document.getElementById("charts");
  charts.replaceChildren();
  const grades = el("div", { class: "chart", "data-chart": "grades" });
  charts.append(grades);
  lineChart(grades, {
    title: "Grades (CRS, ICANS) and NEWS2",
    from: timeline.from, to, bands, stepped: true,
    series: [
      { label: "CRS grade", stroke: "#c25400", points: timeline.grades.map((g) => ({ at: g.at, value: g.crs })) },
      { label: "ICANS grade", stroke: "#6a2bb5", points: timeline.grades.map((g) => ({ at: g.at, value: g.icans })) },
      { label: "NEWS2", stroke: "#0a7a55", points: timeline.grades.filter((g) => g.news2 !== null).map((g) => ({ at: g.at, value: g.news2 })) },
    ],
  });
  const ordered = [...timeline.series].sort((a, b) => rank(a.key) - rank(b.key));
  for (const series of ordered) {
    const box = el("div", { class: "chart", "data-chart": series.key });
    charts.append(box);
    lineChart(box, { title: series.label, unit: series.unit, points: series.points, from: timeline.from, to, bands });
  }
  if (ordered.length === 0) charts.append(el("p", {}, "No readings in this window."));

  fill("episodes", [
    ...timeline.crsEpisodes.map((e) => row("CRS", e)),
    ...timeline.icansEpisodes.map((e) => row("ICANS", e)),
  ], 4, "No CRS or ICANS episode in this window.");
  fill("treatments", timeline.treatments.map((t) => el("tr", {}, el("td", {}, clock(t.at)), el("td", {}, t.kind), el("td", {}, t.text), el("td", {}, t.classes ?? ""))), 4, "No treatment recorded in this window.");
  fill("alert-history", [...alertEvents].reverse().map((a) => el("tr", { class: `severity-${a.severity}` },
    el("td", {}, `#${a.sequence}`), el("td", {}, clock(a.eventAt)), el("td", {}, a.event), el("td", {}, severityBadge(a.severity)),
    el("td", {}, alertTitle(a)), el("td", {}, a.status), el("td", {}, a.by ?? ""), el("td", {}, a.note ?? a.reason))), 8, "No alert for this patient.");
}

function rank(key) {
  const i = vitals.indexOf(key);
  return i < 0 ? 100 : i;
}

function row(kind, e) {
  return el("tr", {}, el("td", {}, kind), el("td", {}, clock(e.startAt)), el("td", {}, e.endAt ? clock(e.endAt) : "ongoing"), el("td", {}, gradeBadge(kind, e.maxGrade)));
}

function fill(id, rows, columns, empty) {
  document.getElementById(id).replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: String(columns) }, empty))]));
}

function renderStatus(s) {
  document.getElementById("status").replaceChildren(
    el("p", {}, `Center ${s.centerId} · trial ${s.trialId} · infused ${clock(s.infusionAt)} · day ${s.dayPostInfusion} · ${s.observationCount} observations`),
    el("ul", { class: "grades" },
      el("li", {}, gradeBadge("CRS", s.crs.grade), ` max ${s.crs.maxGrade}${s.crs.reason ? ` — ${s.crs.reason}` : ""}`),
      el("li", {}, gradeBadge("ICANS", s.icans.grade), ` max ${s.icans.maxGrade}${s.icans.reason ? ` — ${s.icans.reason}` : ""}`),
      el("li", {}, s.febrileNeutropenia.active ? el("span", { class: "badge fn-yes" }, "⚠ Febrile neutropenia") : "No febrile neutropenia", s.febrileNeutropenia.reason ? ` — ${s.febrileNeutropenia.reason}` : ""),
      el("li", {}, `NEWS2 ${s.news2.total ?? "incomplete"}${s.news2.band ? ` (${s.news2.band})` : ""}`),
      s.openAlerts.length ? el("li", {}, `Open alerts: ${s.openAlerts.map((a) => kindName(a.kind)).join(", ")}`) : null,
    ),
  );
}
