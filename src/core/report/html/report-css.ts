// The styles of report.html, inlined in the page (it loads nothing).
export const REPORT_CSS = `
:root { --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; --info: #0969da; --warn: #9a6700; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; border-bottom: 4px solid var(--muted); }
header.passed { border-color: var(--ok); } header.failed, header.error, header.timed_out { border-color: var(--bad); }
h1 { margin: 0 0 4px; font-size: 22px; } h2 { font-size: 18px; margin: 24px 0 8px; } h3 { font-size: 15px; margin: 0 0 4px; }
main { padding: 0 24px 24px; }
.count { margin-right: 10px; } .count.failed b, .count.errors b { color: var(--bad); } .count.passed b { color: var(--ok); }
.meta, .muted, .where { color: var(--muted); } .error { color: var(--bad); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
pre { background: #f6f8fa; padding: 8px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-all; }
article.test { border-left: 4px solid var(--bad); padding: 6px 12px; margin: 10px 0; background: #fff8f8; }
.message { margin: 2px 0; font-weight: 600; } .locations { margin: 4px 0; }
.timeline { border: 1px solid #d0d7de; padding: 6px; }
.row { display: flex; align-items: center; min-height: 18px; }
.row .label { flex: 0 0 28%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; font-size: 12px; }
.row.section .label { font-weight: 700; padding-top: 6px; }
.track { position: relative; flex: 1; height: 16px; background: #f6f8fa; }
.axis .track { background: none; height: 18px; }
.tick { position: absolute; font-size: 11px; color: var(--muted); transform: translateX(-50%); }
.tick:first-child { transform: none; } .tick:last-child { transform: translateX(-100%); }
.bar { position: absolute; top: 2px; bottom: 2px; min-width: 2px; border-radius: 2px; }
.bar.passed { background: var(--ok); } .bar.failed { background: var(--bad); } .bar.cancelled { background: var(--muted); }
.bar.service { background: var(--info); } .bar.collect { background: var(--warn); } .bar.cleanup { background: #8250df; }
.time { position: absolute; right: 2px; font-size: 11px; color: var(--muted); }
`;
