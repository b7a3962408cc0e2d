// The report's stylesheet, inlined into the page: system fonts only, nothing fetched at view time.

export const PAGE_STYLE = `
:root { --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #ffffff; --panel: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 20px 28px 40px; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 14px 0 6px; }
.subtitle, .note { color: var(--muted); }
.note { font-size: 12.5px; margin: 4px 0 10px; }
.banner { padding: 10px 14px; border-radius: 6px; margin: 12px 0; border: 1px solid; }
.banner.bad { background: #fef2f2; border-color: #fca5a5; color: #991b1b; }
.banner.warn { background: #fffbeb; border-color: #fcd34d; color: #92400e; }
.banner.info { background: #eff6ff; border-color: #bfdbfe; color: #1e40af; }
.banner.ok { background: #f0fdf4; border-color: #86efac; color: #166534; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.tile .unit { font-size: 12px; font-weight: 400; color: var(--muted); margin-left: 4px; }
.tile .name { color: var(--muted); font-size: 12.5px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }
figure { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 8px 4px; }
figcaption { font-weight: 600; font-size: 13px; margin: 0 0 4px 4px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #e5e7eb; stroke-width: 1; }
svg .frame { fill: none; stroke: #9ca3af; stroke-width: 1; }
svg .series { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg .swatch { stroke-width: 3; }
svg text { font-size: 11px; fill: #4b5563; }
svg .label { font-size: 12px; fill: var(--fg); }
svg .empty { font-size: 14px; fill: var(--muted); }
svg .bar { fill: #93c5fd; }
svg .bar.failed { fill: #ef4444; }
svg .streaming { fill: none; stroke: #1d4ed8; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
table.kv th { font-weight: 500; color: var(--muted); width: 240px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.errors td.message { word-break: break-word; max-width: 760px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow-x: auto;
  white-space: pre-wrap; word-break: break-all; font-size: 12.5px; }
details summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
`;
