/**
 * The inline style and script of the HTML report. The page's Content-Security-Policy allows exactly
 * these two (by their SHA-256), so nothing else can run or load, not even a value that escaped escaping.
 * The script reads the embedded report JSON and touches the page only through textContent, `hidden` and
 * new <option> elements: never innerHTML.
 */
export const HTML_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #fff; --panel: #f6f8fa; --line: #d0d7de;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --add: #dafbe1; --del: #ffebe9; --chg: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --panel: #161b22; --line: #30363d;
    --error: #ff7b72; --warning: #d29922; --info: #79c0ff; --add: #12361f; --del: #3c1618; --chg: #3b2e00; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0 0 .25rem; }
.muted, .where { color: var(--muted); }
.banner { border: 1px solid var(--warning); border-left-width: 6px; padding: .5rem .75rem; border-radius: 6px; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem; min-width: 8rem; }
.card .num { display: block; font-size: 1.6rem; font-weight: 600; }
.card.error .num, .sev-error .sev { color: var(--error); }
.card.warning .num, .sev-warning .sev { color: var(--warning); }
.card.info .num, .sev-info .sev { color: var(--info); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--panel); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, td.k { white-space: nowrap; }
tr.not-checked td { color: var(--warning); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem;
  overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.finding { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
.finding.sev-error { border-left-color: var(--error); }
.finding.sev-warning { border-left-color: var(--warning); }
.finding.sev-info { border-left-color: var(--info); }
.sev { font-weight: 600; text-transform: uppercase; font-size: .8rem; margin-right: .5rem; }
.finding p { margin: .35rem 0; }
.label { font-weight: 600; margin: .5rem 0 .2rem; }
#filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; background: var(--panel);
  border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; position: sticky; top: 0; z-index: 1; }
#filters select, #filters input[type=search] { font: inherit; padding: .15rem .3rem; }
#filters input[type=search] { min-width: 14rem; }
.api { border-top: 1px solid var(--line); padding-top: .25rem; }
details { margin: .5rem 0; }
summary { cursor: pointer; }
tr.state-undeployed td { background: var(--add); }
tr.state-removed td { background: var(--del); }
tr.state-changed td { background: var(--chg); }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
`;

export const HTML_SCRIPT = `
(function () {
  'use strict';
  var byId = function (id) { return document.getElementById(id); };
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var report = JSON.parse(byId('scan-report').textContent);
  var form = byId('filters');
  var findings = all('.finding');
  var scoped = all('[data-scope]');

  function uniqueSorted(values) {
    return Array.from(new Set(values.filter(function (v) { return typeof v === 'string' && v !== ''; }))).sort();
  }
  function fill(select, values) {
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }
  var accountsOf = function (list) { return list.map(function (x) { return x.account; }); };
  var regionsOf = function (list) { return list.map(function (x) { return x.region; }); };
  fill(byId('f-account'), uniqueSorted(accountsOf(report.targets).concat(accountsOf(report.findings), accountsOf(report.notChecked))));
  fill(byId('f-region'), uniqueSorted(regionsOf(report.targets).concat(regionsOf(report.findings), regionsOf(report.notChecked))));
  fill(byId('f-check'), uniqueSorted(report.findings.map(function (f) { return f.id; })));

  function matchesText(element, query) {
    return query === '' || element.textContent.toLowerCase().indexOf(query) >= 0;
  }
  function apply() {
    var severities = all('#filters input[name=severity]:checked').map(function (box) { return box.value; });
    var account = byId('f-account').value;
    var region = byId('f-region').value;
    var check = byId('f-check').value;
    var query = byId('f-text').value.trim().toLowerCase();
    var where = function (element) {
      return (account === '' || element.dataset.account === account) && (region === '' || element.dataset.region === region);
    };
    var shown = 0;
    findings.forEach(function (element) {
      var visible = severities.indexOf(element.dataset.severity) >= 0 && where(element) &&
        (check === '' || element.dataset.check === check) && matchesText(element, query);
      element.hidden = !visible;
      if (visible) shown += 1;
    });
    all('.sev-group').forEach(function (group) {
      group.hidden = group.querySelector('.finding:not([hidden])') === null;
    });
    scoped.forEach(function (element) {
      element.hidden = !(where(element) && (element.dataset.scope !== 'api' || matchesText(element, query)));
    });
    byId('shown').textContent = shown + ' of ' + findings.length + ' shown';
    byId('no-match').hidden = shown > 0 || findings.length === 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
`;
