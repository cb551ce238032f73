// A small inline SVG trend: the console shows one per patient and vital sign, so it stays far lighter than a chart.
const NS = "http://www.w3.org/2000/svg";

export function sparkline(points, { from, to, width = 84, height = 26, label }) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.classList.add("sparkline");
  if (!points || points.length === 0) return svg;
  const t0 = new Date(from).getTime();
  const t1 = new Date(to).getTime();
  const values = points.map((p) => Number(p.value));
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 1e-9) { low -= 1; high += 1; }
  const x = (t) => ((new Date(t).getTime() - t0) / Math.max(1, t1 - t0)) * (width - 4) + 2;
  const y = (v) => height - 2 - ((v - low) / (high - low)) * (height - 4);
  const line = document.createElementNS(NS, "polyline");
  line.setAttribute("points", points.map((p) => `${x(p.at).toFixed(1)},${y(Number(p.value)).toFixed(1)}`).join(" "));
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "currentColor");
  line.setAttribute("stroke-width", "1.5");
  svg.append(line);
  return svg;
}
