/** The pages' one stylesheet, served by the app itself (nothing from a CDN). */
export const stylesheet = `
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --accent:#0b5cad; --bad:#b42318; --ok:#1a7f37; --warn:#9a6700; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin:0; font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color:var(--fg); line-height:1.6; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left: .5rem; top: .5rem; background:#fff; padding:.5rem; z-index:9; }
.top { display:flex; flex-wrap:wrap; gap:.5rem 1.5rem; align-items:center; padding:.75rem 1rem; background:#0b3d6b; color:#fff; }
.top a, .top .link { color:#fff; }
.brand { font-weight:700; text-decoration:none; }
.top nav { display:flex; flex-wrap:wrap; gap:1rem; flex:1; }
.who { display:flex; flex-wrap:wrap; gap:1rem; align-items:center; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size:1.6rem; margin:.5rem 0 1rem; } h2 { font-size:1.25rem; margin-top:2rem; border-bottom:1px solid var(--line); }
table { border-collapse: collapse; width:100%; margin: .5rem 0 1rem; }
th, td { border-bottom:1px solid var(--line); padding:.4rem .5rem; text-align:left; vertical-align:top; }
th { background: var(--bg); }
.table-wrap { overflow-x:auto; }
table.figures th[scope="col"] { min-width:5em; } table.figures th[scope="row"], table.figures td { white-space:nowrap; }
/* A form's table (form-fields.tsx): the column header names each cell; its label stays for screen readers. */
.form-rows td .field { margin:0; } .form-rows td .field > label, .form-rows td legend { position:absolute; width:1px; height:1px; overflow:hidden; clip-path:inset(50%); white-space:nowrap; }
form.inline { display:inline; }
.field { margin: 0 0 1rem; max-width: 40rem; }
.field label { display:block; font-weight:600; }
.field input, .field textarea, .field select { width:100%; padding:.45rem; border:1px solid #8c959f; border-radius:4px; font: inherit; }
.field.invalid input, .field.invalid textarea { border-color: var(--bad); border-width:2px; }
.req, .error { color: var(--bad); } .error { margin:.25rem 0 0; font-weight:600; }
.hint { color: var(--muted); margin:.1rem 0 .25rem; font-size:.9rem; }
button, .button { display:inline-block; font:inherit; padding:.45rem 1rem; border-radius:4px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.link { background:none; border:none; padding:0; text-decoration:underline; }
.actions { display:flex; flex-wrap:wrap; gap:.75rem; margin:1rem 0; align-items:center; }
.problems { border:2px solid var(--bad); background:#fff1f0; padding:.5rem 1rem; margin:1rem 0; }
.notice { border-left:4px solid var(--ok); background:#f0fff4; padding:.5rem 1rem; }
.banner.warning { border-left:4px solid #b7791f; background:#fffaf0; padding:.5rem 1rem; margin:1rem 0; }
.calendar-gap { color:#975a16; }
.overdue { color: var(--bad); font-weight:700; }
.tag { display:inline-block; padding:0 .5rem; border-radius:999px; background:var(--bg); border:1px solid var(--line); font-size:.9rem; }
.tag.final { background:#e6f4ea; border-color:#a6d8b5; }
ol.timeline { list-style:none; padding:0; margin:1rem 0; display:flex; flex-wrap:wrap; gap:.5rem; }
ol.timeline li { flex: 1 1 7.5rem; border:1px solid var(--line); border-top:6px solid var(--line); padding:.4rem .6rem; border-radius:4px; }
ol.timeline li.done { border-top-color: var(--ok); }
ol.timeline li.current { border-top-color: var(--accent); background:#eef6ff; font-weight:600; }
ol.timeline li small { display:block; color:var(--muted); font-weight:400; }
.bars { display:grid; grid-template-columns: minmax(8rem, max-content) 1fr 3rem; gap:.35rem .75rem; align-items:center; margin:1rem 0; }
.bar { height:1.2rem; background: var(--accent); min-width:2px; border-radius:2px; }
.bar-track { background: var(--bg); border:1px solid var(--line); border-radius:2px; }
fieldset { border:1px solid var(--line); border-radius:4px; margin:0 0 1rem; max-width:40rem; }
legend { font-weight:600; padding: 0 .25rem; }
.choice { display:flex; gap:.5rem; align-items:flex-start; margin:.25rem 0; }
.choice input { margin-top:.35rem; }
.cards { display:grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap:1rem; }
.card { border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; }
dl.facts { display:grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap:.25rem 1rem; }
dl.facts dt { font-weight:600; color: var(--muted); } dl.facts dd { margin:0; white-space: pre-wrap; }
/* A result notice (立项通知 …) prints as a letter on A4: only the letter, in black, the page's chrome left out. */
.letter { max-width: 44rem; margin: 0 auto; padding: 2rem 2.5rem; border:1px solid var(--line); background:#fff; }
.letter .number { text-align:center; margin:0 0 1.5rem; }
.letter h2 { text-align:center; border:none; font-size:1.4rem; }
.letter .signature { text-align:right; margin-top:3rem; }
/* The statistics' bar charts (SVG drawn on the server) shrink to the page; counts align right. */
.chart { margin:0 0 1rem; } .chart svg { max-width:100%; height:auto; } td.number { text-align:right; }
@page { size: A4; margin: 20mm; }
@media print { .top, .skip, .no-print, main > h1 { display:none; } main { max-width:none; padding:0; } .letter { border:none; padding:0; } body { color:#000; } a { color:#000; text-decoration:none; } }
@media (max-width: 40rem) { .bars { grid-template-columns: 1fr 3rem; } .bars .label { grid-column: 1 / -1; } dl.facts { grid-template-columns: 1fr; } }
`;
