// Clinician console for one center: open alerts live (newest and most severe first), acknowledge / resolve with a
// note, the patient list with current grades and 72 h trends. Live through the hub; after a lost connection the
// page rejoins with the last sequence it has seen and applies what it missed.
import { requireToken } from "./lib/auth.js";
import { api, ApiError } from "./lib/api.js";
import { liveConnection } from "./lib/hub.js";
import { header, refusal, connectionBanner } from "./lib/chrome.js";
import { el, severityBadge, alertTitle, gradeBadge, since, clock, number, severityRank, routeId } from "./lib/format.js";
import { sparkline } from "./lib/sparkline.js";

const centerId = routeId("/console/");
const alerts = new Map(); // alertId → the latest event seen
let lastSequence = 0;
let soundOn = false;
let patientsTimer = null;

if (requireToken()) start();

async function start() {
  header(`Console · ${centerId}`);
  document.getElementById("sound").addEventListener("change", (e) => { soundOn = e.target.checked; });
  try {
    // Every alert's current state (the highest sequence among them is the center's last event), and the patients,
    // asked for at once.
    const patients = loadPatients();
    patients.catch(() => {}); // a refusal is reported once, by the alerts request below
    const current = await api(`/api/v1/centers/${encodeURIComponent(centerId)}/alerts`);
    for (const alert of current) apply(alert, false);
    renderAlerts();
    await patients;
  } catch (error) {
    if (error instanceof ApiError) return refusal(error, `the console of center ${centerId}`);
    throw error;
  }
  liveConnection({
    join: async (connection) => {
      const missed = await connection.invoke("JoinCenter", centerId, lastSequence);
      for (const alert of missed) apply(alert, true);
      renderAlerts();
      // What changed while away may have changed grades as well.
      schedulePatients(0);
    },
    onState: connectionBanner,
    handlers: {
      alert: (alert) => {
        if (alert.centerId !== centerId) return;
        apply(alert, true);
        renderAlerts();
      },
      centerSummary: (summary) => {
        if (summary.centerId === centerId) schedulePatients(3000);
      },
    },
  });
  setInterval(renderAlerts, 30_000); // "raised N min ago" moves on
}

/** Applies one event if it is newer than what we hold for its alert (events may come both by replay and live). */
function apply(alert, live) {
  lastSequence = Math.max(lastSequence, alert.sequence);
  const held = alerts.get(alert.alertId);
  if (held && held.sequence >= alert.sequence) return false;
  alerts.set(alert.alertId, alert);
  if (live && alert.severity === "emergency" && alert.status === "open" && ["raised", "updated", "escalated", "confirmed"].includes(alert.event)) beep();
  return true;
}

function renderAlerts() {
  const open = [...alerts.values()]
    .filter((a) => a.status !== "resolved")
    .sort((a, b) => (severityRank[b.severity] ?? 0) - (severityRank[a.severity] ?? 0) || new Date(b.raisedAt) - new Date(a.raisedAt));
  const list = document.getElementById("alerts");
  list.replaceChildren(...(open.length ? open.map(alertRow) : [el("li", { class: "empty" }, "No open alerts.")]));
  document.getElementById("alert-count").textContent = `${open.length} open`;

  const emergencies = open.filter((a) => a.severity === "emergency" && a.status === "open");
  const banner = document.getElementById("emergency");
  banner.hidden = emergencies.length === 0;
  banner.textContent = emergencies.length
    ? `‼ EMERGENCY: ${emergencies.length} unacknowledged — ${emergencies.map(alertTitle).join(", ")}`
    : "";
  document.body.classList.toggle("has-emergency", emergencies.length > 0);
}

function alertRow(alert) {
  const note = el("input", { type: "text", name: "note", placeholder: "Note (optional for acknowledge)", "aria-label": "Note", maxlength: "2000" });
  const actionable = el("select", { name: "actionable", "aria-label": "Was the alert clinically actionable?" },
    el("option", { value: "true" }, "actionable"), el("option", { value: "false" }, "not actionable"));
  const feedback = el("span", { class: "feedback", role: "status" });
  const act = async (to) => {
    const body = { note: note.value || null };
    if (to === "resolve") body.actionable = actionable.value === "true";
    try {
      const updated = await api(`/api/v1/alerts/${encodeURIComponent(alert.alertId)}/${to}`, { method: "POST", body });
      apply(updated, false);
      renderAlerts();
    } catch (error) {
      feedback.textContent = error.status === 409 ? `Someone else got there first: ${error.message}` : `Refused: ${error.message}`;
    }
  };
  const escalation = alert.escalatesAt
    ? `level ${alert.escalationLevel}, escalates ${clock(alert.escalatesAt)}`
    : `level ${alert.escalationLevel}`;
  return el("li", { class: `alert severity-${alert.severity} status-${alert.status}`, "data-alert-id": alert.alertId, "data-status": alert.status, "data-kind": alert.kind },
    el("div", { class: "alert-head" },
      severityBadge(alert.severity),
      el("strong", {}, alertTitle(alert)),
      el("a", { href: `/patients/${encodeURIComponent(alert.patientId)}` }, alert.patientId),
      el("span", { class: `status status-${alert.status}`, "data-testid": "status" }, alert.status === "acknowledged" ? `✓ acknowledged${alert.by ? ` by ${alert.by}` : ""}` : "● open"),
    ),
    el("p", { class: "reason" }, alert.reason),
    el("p", { class: "meta" },
      `raised ${since(alert.raisedAt)} (${clock(alert.raisedAt)}) · escalation ${escalation}`,
      alert.awaitingConfirmationUntil ? ` · awaiting a confirming reading until ${clock(alert.awaitingConfirmationUntil)}` : "",
      alert.note ? ` · note: ${alert.note}` : ""),
    el("form", { class: "actions", onsubmit: (e) => e.preventDefault() },
      note,
      alert.status === "open" ? el("button", { type: "button", class: "acknowledge", onclick: () => act("acknowledge") }, "Acknowledge") : null,
      actionable,
      el("button", { type: "button", class: "resolve", onclick: () => act("resolve") }, "Resolve"),
      feedback),
  );
}

function schedulePatients(delay) {
  if (patientsTimer) return;
  patientsTimer = setTimeout(async () => {
    patientsTimer = null;
    try { await loadPatients(); } catch { /* the next summary or reconnection tries again */ }
  }, delay);
}

async function loadPatients() {
  const list = await api(`/api/v1/centers/${encodeURIComponent(centerId)}/patients`);
  const rows = list.patients.map((p) => el("tr", { "data-patient-id": p.patientId },
    el("th", { scope: "row" }, el("a", { href: `/patients/${encodeURIComponent(p.patientId)}` }, p.patientId)),
    el("td", {}, `D${p.dayPostInfusion}`),
    el("td", {}, gradeBadge("CRS", p.crsGrade), el("small", {}, ` max ${p.crsMaxGrade}`)),
    el("td", {}, gradeBadge("ICANS", p.icansGrade), el("small", {}, ` max ${p.icansMaxGrade}`)),
    el("td", {}, p.febrileNeutropeniaActive ? el("span", { class: "badge fn-yes" }, "⚠ FN") : "no"),
    el("td", {}, p.news2Total ?? "–"),
    ...["temperature", "systolicBloodPressure", "oxygenSaturation"].map((key) => trendCell(p.trends[key], list, key)),
  ));
  document.getElementById("patients").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "9" }, "No patients enrolled at this center."))]));
  document.getElementById("patients-as-of").textContent = `as of ${clock(list.asOf)}`;
}

const trendNames = { temperature: "Temperature", systolicBloodPressure: "Systolic BP", oxygenSaturation: "SpO2" };

function trendCell(series, list, key) {
  const points = series?.points ?? [];
  const last = points[points.length - 1];
  const label = `${trendNames[key]} over 72 h: ${points.length} readings${last ? `, last ${number(last.value)} ${series.unit}` : ""}`;
  return el("td", { class: "trend" }, sparkline(points, { from: list.from, to: list.asOf, label }), el("span", {}, last ? `${number(last.value)} ${series.unit ?? ""}` : "–"));
}

let audio = null;
function beep() {
  if (!soundOn) return;
  audio ??= new AudioContext();
  const tone = audio.createOscillator();
  const gain = audio.createGain();
  tone.frequency.value = 880;
  gain.gain.value = 0.2;
  tone.connect(gain).connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.6);
}
