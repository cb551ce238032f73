import { describe, signOut, token } from "./auth.js";
import { el } from "./format.js";

/** The header every page shares: who is signed in, and a way out. */
export function header(title) {
  const bar = document.getElementById("signed-in");
  if (bar) {
    bar.replaceChildren(
      el("span", {}, token() ? describe() : "not signed in"),
      " ",
      el("button", { type: "button", class: "link", onclick: () => { signOut(); location.assign("/signin"); } }, "Sign out"),
    );
  }
  document.title = `${title} · TrialMonitor`;
  const h1 = document.querySelector("h1");
  if (h1) h1.textContent = title;
}

/** Replaces the page's content with why it cannot be shown (403: not allowed; 401: sign in again). */
export function refusal(error, what) {
  const main = document.querySelector("main");
  const notAllowed = error.status === 403;
  const box = el("section", { class: `refusal ${notAllowed ? "not-allowed" : ""}`, role: "alert", "data-testid": "refusal" },
    el("h2", {}, notAllowed ? "‼ Not allowed" : error.status === 401 ? "Please sign in again" : "Could not load this page"),
    el("p", {}, notAllowed
      ? `Your sign-in (${describe()}) does not give access to ${what}.`
      : error.status === 401 ? "Your sign-in has expired or was not accepted." : `The server answered: ${error.message}`),
    error.detail && notAllowed ? el("p", { class: "detail" }, `Server: ${error.detail}`) : null,
    el("p", {}, el("a", { href: `/signin?next=${encodeURIComponent(location.pathname)}` }, "Sign in with another role or center")),
  );
  main.replaceChildren(box);
}

/** The banner shown while the live connection is down, naming what that means for the page. */
export function connectionBanner(state) {
  const banner = document.getElementById("connection");
  if (!banner) return;
  const lost = state !== "connected";
  banner.hidden = !lost;
  banner.textContent = state === "refused"
    ? "‼ Live updates refused by the server for this sign-in."
    : "⚠ Live connection lost: reconnecting… What you see may be out of date; missed alerts are replayed on reconnection.";
  document.body.dataset.connection = state;
}
