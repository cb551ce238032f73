// The bearer token of this browser tab: kept in sessionStorage (gone when the tab closes), sent as
// "Authorization: Bearer" to /api and through accessTokenFactory to the hub.
const KEY = "trialmonitor.token";

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The token's claims (not verified here: the server checks every request), or null when it is not a JWT. */
export function claims(value = token()) {
  if (!value) return null;
  const parts = value.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(decodeURIComponent(escape(json)));
  } catch {
    return null;
  }
}

export function asList(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** "dr-martin: clinician at FR-BDX", for the header. */
export function describe(value = token()) {
  const c = claims(value);
  if (!c) return "signed in";
  const roles = asList(c.role).join(", ") || "no role";
  const centers = asList(c.center).map((x) => (x === "*" ? "every center" : x)).join(", ");
  return `${c.name ?? c.sub ?? "unknown"}: ${roles}${centers ? ` at ${centers}` : ""}`;
}

/** Sends the visitor to the sign-in page when there is no token, coming back here afterwards. */
export function requireToken() {
  if (token()) return true;
  location.assign(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
  return false;
}
