import { el } from "./format.js";

// The server shows counts of 1–2 as "<3" (de-identification); they are never added up here, since a sum of "<3"s is
// not known. A total is given only when every part is a number.

export function total(values) {
  return values.every((v) => typeof v === "number") ? values.reduce((a, b) => a + b, 0) : "n/a (small counts hidden)";
}

export function cell(value) {
  return el("td", { class: value === "<3" ? "small-count" : "" }, value === undefined || value === null ? "0" : String(value));
}

/** "0: 5 · 1: <3 · 2: 4" for a grade distribution. */
export function distribution(counts) {
  const keys = Object.keys(counts ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}: ${counts[k]}`).join(" · ") : "–";
}
