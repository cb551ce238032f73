// Sign-in: paste a token from your identity provider, or, on a Development server, mint one for a chosen role and
// center (POST /dev/token, which exists only there). The token stays in this tab's sessionStorage.
import { signIn, claims, asList, describe, token } from "./lib/auth.js";
import { el } from "./lib/format.js";

const form = document.getElementById("dev-form");
const pasteForm = document.getElementById("paste-form");
const message = document.getElementById("message");
const next = new URLSearchParams(location.search).get("next");

document.getElementById("current").textContent = token() ? `Signed in as ${describe()}.` : "Not signed in.";

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const body = { role: data.get("role"), center: data.get("center") || null, user: data.get("user") || null };
  const response = await fetch("/dev/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (response.status === 404) {
    show("This server does not mint development tokens (it is not a Development server). Paste a token from your identity provider instead.");
    return;
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    show(`Refused: ${json?.detail ?? response.status}`);
    return;
  }
  done(json.token, data.get("trial"));
});

pasteForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = new FormData(pasteForm).get("token").trim();
  if (!claims(value)) {
    show("That is not a bearer token (a JWT has three parts separated by dots).");
    return;
  }
  done(value, new FormData(form).get("trial"));
});

function done(value, trialId) {
  signIn(value);
  location.assign(next && next.startsWith("/") && !next.startsWith("//") ? next : home(value, trialId || "CART-SLE-01"));
}

/** Where a role starts: its center's console, or the trial's page. */
function home(value, trialId) {
  const c = claims(value) ?? {};
  const roles = asList(c.role);
  const center = asList(c.center).find((x) => x !== "*");
  if ((roles.includes("clinician") || roles.includes("investigator")) && center) return `/console/${encodeURIComponent(center)}`;
  if (roles.includes("dsmb")) return `/dsmb/${encodeURIComponent(trialId)}`;
  if (roles.includes("sponsor") || roles.includes("admin")) return `/sponsor/${encodeURIComponent(trialId)}`;
  return "/signin";
}

function show(text) {
  message.replaceChildren(el("p", { role: "alert" }, text));
}
