import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Shades the given episodes ({startAt, endAt, maxGrade, label}) behind a chart's series, with their label. */
function bandsPlugin(bands) {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx } = u;
        const top = u.bbox.top;
        const height = u.bbox.height;
        ctx.save();
        for (const band of bands) {
          const x0 = u.valToPos(new Date(band.startAt).getTime() / 1000, "x", true);
          const x1 = u.valToPos((band.endAt ? new Date(band.endAt).getTime() : Date.now()) / 1000, "x", true);
          const left = Math.max(u.bbox.left, x0);
          const right = Math.min(u.bbox.left + u.bbox.width, x1);
          if (right <= left) continue;
          ctx.fillStyle = band.fill;
          ctx.fillRect(left, top, right - left, height);
          ctx.fillStyle = "#333";
          ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
          ctx.fillText(band.label, left + 4, top + 12 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

export function lineChart(target, { title, unit, points, from, to, bands = [], stepped = false, series = null, width }) {
  const xs = [];
  const columns = series ?? [{ label: `${title}${unit ? ` (${unit})` : ""}`, points, stroke: "#1f4e8c" }];
  const times = [...new Set(columns.flatMap((c) => c.points.map((p) => new Date(p.at).getTime() / 1000)))].sort((a, b) => a - b);
  xs.push(...times);
  const data = [xs, ...columns.map((c) => {
    const byTime = new Map(c.points.map((p) => [new Date(p.at).getTime() / 1000, Number(p.value)]));
    return xs.map((t) => (byTime.has(t) ? byTime.get(t) : null));
  })];
  const options = {
    title,
    width: width ?? Math.min(target.clientWidth || 700, 900),
    height: 160,
    scales: { x: { time: true, min: new Date(from).getTime() / 1000, max: new Date(to).getTime() / 1000 } },
    series: [{}, ...columns.map((c) => ({
      label: c.label,
      stroke: c.stroke,
      width: 2,
      spanGaps: !stepped,
      points: { show: true, size: 4 },
      paths: stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
    }))],
    plugins: [bandsPlugin(bands)],
  };
  return new uPlot(options, data, target);
}
