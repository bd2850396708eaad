// The page's one stylesheet, inline (no external asset to fetch, cache or lose). Light by default, dark when the
// visitor's system says so. At phone width the bars show the last 30 days, so each stays wide enough to tap, and
// a bar's popup spans its row rather than hanging off the screen's edge. A popup is clipped away, not display:none,
// until its bar is hovered or focused, so screen readers read each day's text without a copy of it in aria-label.
// Words on colour (the banner, each component's state) use shades of their own that keep 4.5:1 contrast (WCAG AA).
import { createHash } from 'node:crypto';

export const STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#dde1e6;
--ok:#1f9d55;--ok2:#7cc46a;--warn:#e3a008;--bad:#e0662a;--down:#d93636;--maint:#3b74d9;--nd:#c9ced6;
--ok-t:#167a41;--warn-t:#8a6100;--bad-t:#b0441a;--down-t:#c02a2a;--maint-t:#2a5db5}
@media (prefers-color-scheme:dark){:root{--bg:#0f1216;--card:#181c22;--fg:#e6e9ed;--muted:#9aa3ae;--line:#2a3038;
--ok:#2fb868;--ok2:#6aa85c;--warn:#d39b16;--bad:#d9682f;--down:#e04848;--maint:#5588e6;--nd:#3a414b;
--ok-t:#4cc97f;--warn-t:#e6b23a;--bad-t:#ee8a55;--down-t:#f07070;--maint-t:#7aa5f0}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:860px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:32px 0 12px}h3{font-size:1rem;margin:0}
p{margin:4px 0}a{color:var(--maint)}.muted,.meta{color:var(--muted);font-size:.875rem}
.banner{margin:20px 0;padding:16px 20px;border-radius:8px;color:#fff;font-size:1.15rem;font-weight:600}
.s-operational{--c:var(--ok);--t:var(--ok-t)}.s-maintenance{--c:var(--maint);--t:var(--maint-t)}.s-degraded{--c:var(--warn);--t:var(--warn-t)}
.s-partial_outage{--c:var(--bad);--t:var(--bad-t)}.s-major_outage{--c:var(--down);--t:var(--down-t)}
.banner.s-operational{background:#1a7f46}.banner.s-maintenance{background:#2f62c0}.banner.s-degraded{background:#f0b429;color:#1b1f24}
.banner.s-partial_outage{background:#c2501c}.banner.s-major_outage{background:#c62828}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 12px}
.group>h3{margin:0 0 8px;font-size:.95rem;color:var(--muted)}
.comp{padding:12px 0;border-top:1px solid var(--line)}.comp:first-of-type{border-top:0}
.row{display:flex;justify-content:space-between;gap:12px;align-items:baseline}
.name{font-weight:600;overflow-wrap:anywhere}.state{color:var(--t);font-weight:600;white-space:nowrap}
.bars{position:relative;display:flex;gap:2px;list-style:none;margin:8px 0 4px;padding:0;height:34px}
.bars li{flex:1;min-width:0;border-radius:2px;background:var(--nd);outline-offset:2px;cursor:pointer}
.bars li.u4{background:var(--ok)}.bars li.u3{background:var(--ok2)}.bars li.u2{background:var(--warn)}
.bars li.u1{background:var(--bad)}.bars li.u0{background:var(--down)}.bars li.um{background:var(--maint)}
.bars span{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.bars li:hover>span,.bars li:focus>span{left:0;right:0;top:calc(100% + 6px);width:auto;height:auto;overflow:visible;clip-path:none;
white-space:normal;z-index:2;padding:8px 10px;border-radius:6px;background:var(--fg);color:var(--bg);font-size:.85rem;
overflow-wrap:anywhere;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.bars li:focus{outline:2px solid var(--fg)}
.legend{display:flex;justify-content:space-between;gap:8px;color:var(--muted);font-size:.8rem}
.l30{display:none}
.incident h3{font-size:1.05rem}.incident{border-left:4px solid var(--c,var(--line))}
.imp-none{--c:var(--nd)}.imp-minor{--c:var(--warn)}.imp-major{--c:var(--bad)}.imp-critical{--c:var(--down)}
.steps{display:flex;flex-wrap:wrap;gap:4px 6px;list-style:none;padding:0;margin:10px 0;font-size:.8rem}
.steps li{padding:2px 8px;border-radius:99px;border:1px solid var(--line);color:var(--muted)}
.steps li.done{color:var(--fg)}.steps li.now{background:var(--fg);color:var(--bg);border-color:var(--fg)}
.timeline{list-style:none;margin:8px 0 0;padding:0 0 0 14px;border-left:2px solid var(--line)}
.timeline li{margin:0 0 12px}.timeline .msg{white-space:pre-wrap;overflow-wrap:anywhere}
details>summary{cursor:pointer}details.card>summary{font-weight:600;overflow-wrap:anywhere}
footer{margin-top:40px;color:var(--muted);font-size:.85rem}footer a{margin-right:12px}.subscribe{margin:0 0 16px}.subscribe input{max-width:100%;font:inherit;padding:4px 6px}.subscribe button{font:inherit;padding:4px 10px}.subscribe small{display:block;margin-top:4px}
@media (max-width:640px){main{padding:16px 12px 40px}.bars li:nth-last-child(n+31){display:none}.l90{display:none}.l30{display:inline}}
`.replace(/\n/g, '');

/** For the page's Content-Security-Policy: this stylesheet and no other, and no script at all. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
