/** bench/chart.svg: one panel per scenario, mean detection lag against requests per operation. */
import { mean, type Scenario } from "./results";

/** One colour and short name per client, the same in every panel. */
const STYLE: Record<string, { color: string; short: string }> = {
  oursLibrary: { color: "#1a73e8", short: "ours: library" },
  oursCli: { color: "#0b8043", short: "ours: CLI" },
  oursProvider: { color: "#00acc1", short: "ours: provider" },
  gax: { color: "#d93025", short: "google-gax" },
  terraformSimulated: { color: "#9334e6", short: "Terraform (sim.)" },
  gcloud: { color: "#f29900", short: "gcloud 528" },
};

/**
 * Small multiples: one panel per scenario, mean detection lag against requests per operation, one
 * labelled point per client. Lower and further left is better.
 */
export function chart(scenarios: Scenario[]): string {
  const cols = 3;
  const PW = 300,
    PH = 230,
    top = 56;
  const rows = Math.ceil(scenarios.length / cols);
  const W = cols * PW + 20,
    H = top + rows * PH + 10;
  const panels = scenarios.map((s, i) =>
    panel(s, 10 + (i % cols) * PW, top + Math.floor(i / cols) * PH, PW, PH),
  );
  const legend = Object.values(STYLE)
    .map(
      (c, i) =>
        `<circle cx="${20 + i * 150}" cy="36" r="5" fill="${c.color}"/><text x="${30 + i * 150}" y="40" font-size="12">${escapeXml(c.short)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="14" y="18" font-size="14" font-weight="bold">Mean detection lag (s, up) against requests per operation (right); lower-left is better</text>
${legend}
${panels.join("\n")}
</svg>
`;
}

function panel(s: Scenario, x0: number, y0: number, w: number, h: number): string {
  const pts = s.results
    .map((r) => ({ client: r.client, x: r.requests / r.ops, y: mean(r.lagsMs) / 1000 }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const L = x0 + 40,
    R = x0 + w - 20,
    T = y0 + 28,
    B = y0 + h - 36;
  const maxX = Math.max(1, ...pts.map((p) => p.x)) * 1.15;
  const maxY = Math.max(0.5, ...pts.map((p) => p.y)) * 1.15;
  const sx = (x: number) => L + (x / maxX) * (R - L);
  const sy = (y: number) => B - (y / maxY) * (B - T);
  // Labels beside their points, nudged down so that close points keep readable labels.
  const placed: Array<{ x: number; y: number }> = [];
  const dots = [...pts]
    .sort((a, b) => sy(a.y) - sy(b.y))
    .map((p) => {
      const st = STYLE[p.client] ?? { color: "#555", short: p.client };
      const cx = sx(p.x),
        cy = sy(p.y);
      const anchor = cx > (L + R) / 2 ? "end" : "start";
      const lx = cx + (anchor === "end" ? -8 : 8);
      let ly = cy + 4;
      while (placed.some((q) => Math.abs(q.x - lx) < 60 && Math.abs(q.y - ly) < 11)) ly += 11;
      placed.push({ x: lx, y: ly });
      return `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5" fill="${st.color}"/><text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" font-size="10" text-anchor="${anchor}" fill="${st.color}">${escapeXml(st.short)}</text>`;
    })
    .join("");
  return `<g>
<text x="${x0 + 6}" y="${y0 + 16}" font-size="12" font-weight="bold">${escapeXml(s.id)}</text>
<line x1="${L}" y1="${B}" x2="${R}" y2="${B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${B}" stroke="#333"/>
<text x="${L}" y="${B + 14}" font-size="10" text-anchor="middle">0</text><text x="${R}" y="${B + 14}" font-size="10" text-anchor="end">${maxX.toFixed(1)} req/op</text>
<text x="${L - 4}" y="${T + 4}" font-size="10" text-anchor="end">${maxY.toFixed(1)}</text><text x="${L - 4}" y="${B}" font-size="10" text-anchor="end">0</text>
${dots}
</g>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
