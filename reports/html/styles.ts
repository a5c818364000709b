/**
 * The report's one <style> element. A constant: nothing from the run is ever
 * put in it (colours come from vocabulary.ts, sizes from the charts).
 */
import { MINI_W } from './parts/mini-charts.ts';
import { QUINTILE_COLOURS } from './parts/fan-chart.ts';
import { ABSTAIN_COLOUR, FAILED_COLOUR, OUTCOME_COLOUR, SCORE_COLOURS } from './vocabulary.ts';

export const CSS = `
:root{--fg:#1d2330;--muted:#5b6473;--line:#d9dee7;--bg:#ffffff;--panel:#f6f8fb;--accent:#2a5db0;--warn:#8a5a00;--warnbg:#fff4d6;--bad:#a4262c;--badbg:#fde7e9}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:1440px;padding:20px 28px 60px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 8px;padding-top:10px;border-top:2px solid var(--line)}
h3{font-size:16px;margin:22px 0 6px}
h4{font-size:14px;margin:10px 0 4px}
p{margin:6px 0}
a{color:var(--accent)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.sub{color:var(--muted);margin:0 0 12px}
nav.toc{display:flex;flex-wrap:wrap;gap:2px 0;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0}
nav.toc a{margin-right:14px;white-space:nowrap}
nav.toc b{margin-right:8px}
.notes{background:var(--warnbg);border:1px solid #e8c766;border-left:5px solid #d9a400;border-radius:6px;padding:10px 16px;margin:14px 0}
.notes h2{border:0;margin:0 0 4px;padding:0;font-size:17px}
.notes ul{margin:4px 0;padding-left:20px}
.failures{background:var(--badbg);border:1px solid #f1a7ad;border-left:5px solid var(--bad);border-radius:6px;padding:8px 14px;margin:12px 0}
.failures h3{margin:2px 0 6px;color:var(--bad)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table{border-collapse:collapse;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tablewrap{overflow-x:auto;max-width:100%}
table.leaderboard{font-size:13px}
table.leaderboard th,table.leaderboard td{padding:3px 5px;vertical-align:middle}
table.leaderboard td.crit{white-space:nowrap}
table.leaderboard td.par{max-width:150px;overflow-wrap:anywhere;font-size:12px}
table.leaderboard td.fbc{white-space:nowrap}
table.leaderboard td.fbc .ci{display:block;text-align:right}
table.leaderboard tbody tr:hover{background:#eef3fb}
table.leaderboard tr.small td.flag{background:var(--warnbg);color:var(--warn);font-weight:600}
table.leaderboard td.flag{max-width:170px;font-size:11.5px;line-height:1.25}
th button.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th button.sort::after{content:" \\2195";color:#9aa3b2;font-weight:400}
th[aria-sort=descending] button.sort::after{content:" \\25BC";color:var(--accent)}
th[aria-sort=ascending] button.sort::after{content:" \\25B2";color:var(--accent)}
.badge{display:inline-block;font-size:11px;line-height:1.3;padding:0 5px;border-radius:8px;background:#e3e8f0;color:#394150;margin-left:4px;vertical-align:1px}
.badge.warn{background:var(--warnbg);color:var(--warn);border:1px solid #e8c766}
.badge.ok{background:#dcefe0;color:#1d5b2c}
.ci{color:var(--muted);font-size:11.5px;white-space:nowrap}
.params{color:var(--muted)}
svg{overflow:visible}
svg text{font-size:10px;fill:#3b4250;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .ax{stroke:#8c95a3;stroke-width:1;fill:none}
svg .grid{stroke:#e6e9ef;stroke-width:1;fill:none}
svg .ref{stroke:#9aa3b2;stroke-width:1;stroke-dasharray:3 3;fill:none}
svg .price{stroke:#1d2330;stroke-width:1;fill:none;stroke-linejoin:round}
svg.fb{vertical-align:middle;margin-left:4px;overflow:hidden}
svg.fb .iid{stroke:#2a5db0;stroke-width:3;stroke-linecap:round}
svg.fb .blk{stroke:#7a8699;stroke-width:1.2}
svg.fb .pt{fill:#1d2330}
svg.fb{background:#f3f5f9}
svg.fb.small .iid{stroke:#d9a400}
svg .roc{stroke:#2a5db0;stroke-width:1.8;fill:none}
svg .cal{fill:#2a5db0;fill-opacity:.75;stroke:#fff;stroke-width:.5}
figure{margin:0}
figure.mini{width:${MINI_W}px}
figure.chart{margin:10px 0 18px}
figcaption{color:var(--muted);font-size:12.5px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;color:var(--muted);margin:4px 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px;border:1px solid rgba(0,0,0,.15)}
.o-durable{fill:${OUTCOME_COLOUR.durable};background:${OUTCOME_COLOUR.durable};stroke:${OUTCOME_COLOUR.durable}}
.o-stalled{fill:${OUTCOME_COLOUR.stalled};background:${OUTCOME_COLOUR.stalled};stroke:${OUTCOME_COLOUR.stalled}}
.o-failed{fill:${OUTCOME_COLOUR.failed};background:${OUTCOME_COLOUR.failed};stroke:${OUTCOME_COLOUR.failed}}
.o-censored{fill:${OUTCOME_COLOUR.censored};background:${OUTCOME_COLOUR.censored};stroke:${OUTCOME_COLOUR.censored}}
svg .band{stroke:none;fill-opacity:.2}
svg .lane rect{stroke:none}
svg .dec{stroke:#1d2330;stroke-width:1.2;fill:none}
svg .decdot{stroke:#fff;stroke-width:.8}
svg .otick{stroke-width:1.6;fill:none}
${SCORE_COLOURS.map((col, i) => `.b${i}{stroke:${col};background:${col}}`).join('\n')}
.bA{stroke:${ABSTAIN_COLOUR};background:${ABSTAIN_COLOUR}}
.bF{stroke:${FAILED_COLOUR};background:${FAILED_COLOUR}}
svg.hm-body .cells path{fill:none;stroke-width:1}
svg.hm-body path.op{stroke:none}
.gridwrap{max-height:78vh;overflow:auto;border:1px solid var(--line);border-radius:4px;background:#fff}
.gridwrap svg{display:block;max-width:none}
.gridwrap .hm-head{position:sticky;top:0;background:#fff;z-index:1;border-bottom:1px solid var(--line)}
.readout{font-size:12.5px;min-height:1.5em;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:2px 8px;margin:4px 0}
details.crit{border:1px solid var(--line);border-radius:6px;margin:4px 0;background:#fff}
details.crit>summary{cursor:pointer;padding:5px 10px;list-style-position:inside}
details.crit[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
.crit-body{display:flex;flex-wrap:wrap;gap:14px 26px;padding:10px 12px}
.crit-body table{font-size:12.5px}
table.cm td{text-align:center;min-width:70px}
table.kv th{background:none;font-weight:400;color:var(--muted)}
details.more{margin:6px 0}
details.more>summary{cursor:pointer;color:var(--accent)}
pre{background:var(--panel);border:1px solid var(--line);padding:8px;overflow:auto;max-height:420px;font-size:12px}
.toolbar{margin:4px 0}
.toolbar button{font:inherit;font-size:12.5px;margin-right:6px;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--panel);cursor:pointer}
.power-sentences li{margin:2px 0}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
.muted{color:var(--muted)}
section.verdict-sec>h2{border-top:0;margin:4px 0 2px;padding-top:0}
.vintro{color:var(--muted);font-size:13px;margin:0 0 6px}
.vk{border:1px solid var(--line);border-left:5px solid #9aa3b2;border-radius:6px;padding:6px 12px 6px;margin:8px 0;background:#fff}
.vk.yes{border-left-color:#228833;background:#f4faf5}
.vk h3{margin:0;font-size:15px;display:inline}
.vk .vsent{display:inline;margin:0 0 0 10px;font-size:14px}
.vk.no .vsent{color:#394150}
.vk.yes .vsent{color:#14521f;font-weight:600}
table.verdict{font-size:13px;margin:5px 0 2px;width:100%;table-layout:fixed}
table.verdict col.vd{width:110px}table.verdict col.vn{width:82px}table.verdict col.va{width:124px}table.verdict col.vb{width:166px}table.verdict col.vx{width:82px}table.verdict col.vq{width:58px}table.verdict col.vpr{width:124px}table.verdict col.vr{width:72px}table.verdict col.vo{width:120px}table.verdict col.vst{width:218px}
table.verdict th{font-size:12px;font-weight:600;padding:2px 6px;white-space:normal;line-height:1.2;vertical-align:bottom}
table.verdict td{padding:2px 6px;vertical-align:middle;line-height:1.25}
table.verdict td.vc{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.verdict td.vc .vp{margin-left:6px;color:var(--muted);font-size:11.5px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table.verdict td.bar{padding:0 6px;width:160px}
table.verdict td.auc{font-weight:600}
table.verdict td.strong{font-weight:700;color:#14521f}
table.verdict tr.beats-chance td{background:#e8f5ea}
table.verdict td.st{white-space:nowrap}
.vs{display:inline-block;font-size:11.5px;line-height:1.35;padding:0 6px;border-radius:8px;background:#eef0f4;color:#4a5262}
.vs.beats-chance{background:#228833;color:#fff;font-weight:600}
.vs.above-band{background:#fff4d6;color:#8a5a00;border:1px solid #e8c766}
.vs.below-band{background:#fde7e9;color:#a4262c}
b.up{color:#14521f}
b.down{color:#a4262c}
.vmore{margin:2px 0 0;font-size:12px;color:var(--muted)}
.vleg{margin:2px 0 0}
svg.cb{display:block;overflow:hidden}
svg.cb .axis{stroke:#b4bcc8;stroke-width:1;fill:none}
svg.cb .chb,svg .cbband{fill:#c9d1dd;stroke:none}
svg.cb .half,svg .cbhalf{stroke:#7a8699;stroke-width:1;stroke-dasharray:2 2;fill:none}
svg.cb .ci,svg .cbci{stroke:#2a5db0;stroke-width:2.5;stroke-linecap:round;fill:none}
svg.cb .pt,svg .cbpt{fill:#1d2330;stroke:#fff;stroke-width:1}
svg.cb.win .ci{stroke:#228833}
svg.cb.win .pt{fill:#14521f}
.cbl{display:inline-flex;align-items:center;gap:4px}
@media (max-width:1279px){table.leaderboard .o1{display:none}}
@media (max-width:1099px){table.leaderboard .o2{display:none}table.leaderboard td.par{max-width:110px}table.leaderboard td.flag{max-width:120px}body{padding:14px 14px 40px}}
svg.pricechart{max-width:100%;height:auto}
@media (max-width:1199px){table.verdict .vx,table.verdict .vr{display:none}table.verdict col.vst{width:150px}table.verdict td.st{white-space:normal}table.verdict td.vc .vp{display:none}}
.smgrid{display:flex;flex-wrap:wrap;gap:14px 22px;margin:6px 0 12px}
figure.sm{margin:0;border:1px solid var(--line);border-radius:6px;padding:6px 4px 4px 6px;background:#fff}
figure.sm figcaption{font-size:12px;line-height:1.35;color:var(--fg)}
figure.sm figcaption .vp{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px}
figure.sm figcaption.st2{color:var(--muted);margin-top:2px}
figure.sm .pair{display:flex;gap:8px}
svg.surv .km{fill:none;stroke-width:1.8}
svg.surv .cens{fill:none;stroke-width:1}
.sg-yes{stroke:#2a5db0}.sg-no{stroke:#d55e00}
.sg-yest{fill:#2a5db0 !important}.sg-not{fill:#d55e00 !important}
.sg-yess{background:#2a5db0}.sg-nos{background:#d55e00}
svg .risk-h{font-style:italic}
svg.fan .med{fill:none;stroke-width:1.8}
svg.fan .iqr{stroke:none;fill-opacity:.18}
table.heat{border-collapse:separate;border-spacing:2px;font-size:12px}
table.heat th{background:none;font-weight:600;color:var(--muted);text-align:center;padding:2px 6px}
table.heat th.corner{font-weight:400;font-size:11px}
table.heat td{min-width:46px;text-align:center;padding:5px 6px;border:0;border-radius:3px;font-variant-numeric:tabular-nums}
table.heat td.light,.hscale .hs.light{color:#fff}
table.heat td.sig{box-shadow:inset 0 0 0 2px #1d2330;font-weight:700}
table.heat td.empty{color:var(--muted);background:var(--panel)}
.hscale{gap:0}.hscale .hs{display:inline-block;padding:0 6px;font-size:11px;color:#1d2330}
table.sectors{font-size:13px}
table.sectors th .vp{font-weight:400;color:var(--muted);font-size:11px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
svg .zero{stroke:#8c95a3;stroke-width:1;fill:none}
.fg-yes{stroke:#2a5db0;fill:#2a5db0}.fg-no{stroke:#d55e00;fill:#d55e00}
.fg-yess{background:#2a5db0}.fg-nos{background:#d55e00}
${QUINTILE_COLOURS.map((col, i) => `.fq${i}{stroke:${col}}.fq${i}s{background:${col}}`).join('\n')}
`;
