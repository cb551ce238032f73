// Words, numbers and times as the pages show them. Severity is always written out with an icon as well as coloured.

export const severityRank = { emergency: 3, urgent: 2, info: 1 };

// Characters every Debian font stack has (DejaVu): an emoji font is not guaranteed on a ward workstation.
const severityIcon = { emergency: "‼", urgent: "⚠", info: "ℹ" };

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function severityBadge(severity) {
  return el("span", { class: `badge severity-${severity}` }, `${severityIcon[severity] ?? "•"} ${String(severity).toUpperCase()}`);
}

const kindNames = {
  crs: "CRS",
  icans: "ICANS",
  "febrile-neutropenia": "Febrile neutropenia",
  news2: "NEWS2",
  "iec-hs": "IEC-HS",
  icaht: "ICAHT",
  qsofa: "qSOFA",
  "missing-data": "Missing vital signs",
  "sae-overdue": "SAE clock overdue",
};

export function kindName(kind) {
  return kindNames[kind] ?? kind;
}

export function alertTitle(alert) {
  if (alert.grade === null || alert.grade === undefined) return kindName(alert.kind);
  // NEWS2 carries its total score, the others a grade.
  return `${kindName(alert.kind)} ${alert.kind === "news2" ? "score" : "grade"} ${alert.grade}`;
}

export function gradeBadge(label, grade) {
  return el("span", { class: `badge grade grade-${Math.min(grade ?? 0, 4)}`, title: `${label} grade ${grade}` }, `${label} ${grade ?? "–"}`);
}

export function since(time, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - new Date(time).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function clock(time) {
  if (!time) return "–";
  return new Date(time).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function number(value, digits = 1) {
  if (value === null || value === undefined) return "–";
  return Number(value).toFixed(digits).replace(/\.0+$/, "");
}

/** The path segment after a page's prefix: /console/FR-BDX → FR-BDX. */
export function routeId(prefix) {
  const rest = location.pathname.slice(prefix.length).split("/")[0];
  return decodeURIComponent(rest || "");
}
