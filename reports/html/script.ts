/**
 * The report's one inline script (leaderboard sorting, expand/collapse,
 * call-grid hover read-out) and the Content-Security-Policy that allows it by
 * its sha256 only. A constant: it reads everything it needs from the DOM
 * (data-v sort keys, data-s call codes) and nothing from the run is put in it.
 */
import { createHash } from 'node:crypto';

/** The one inline script. It reads everything it needs from the DOM. */
export const SCRIPT = `(function () {
  'use strict';
  var doc = document;
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function key(row, ci, numeric) {
    var cell = row.cells[ci];
    if (!cell) return null;
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent || '';
    if (!numeric) return v;
    if (v === '') return null;
    var x = Number(v);
    return x === x ? x : null;
  }
  each(doc.querySelectorAll('table.sortable'), function (table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    each(head.cells, function (th, ci) {
      var type = th.getAttribute('data-type');
      if (!type) return;
      var btn = doc.createElement('button');
      btn.type = 'button';
      btn.className = 'sort';
      btn.title = 'Sort by this column';
      while (th.firstChild) btn.appendChild(th.firstChild);
      th.appendChild(btn);
      btn.addEventListener('click', function () {
        var numeric = type === 'num';
        var cur = th.getAttribute('aria-sort');
        var dir = cur === 'descending' ? 1 : cur === 'ascending' ? -1 : numeric ? -1 : 1;
        var rows = Array.prototype.map.call(body.rows, function (r) {
          return { r: r, k: key(r, ci, numeric), i: Number(r.getAttribute('data-i')) };
        });
        rows.sort(function (a, b) {
          if (a.k === null || b.k === null) {
            if (a.k === b.k) return a.i - b.i;
            return a.k === null ? 1 : -1;
          }
          if (a.k < b.k) return -dir;
          if (a.k > b.k) return dir;
          return a.i - b.i;
        });
        each(head.cells, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        rows.forEach(function (o) { body.appendChild(o.r); });
      });
    });
  });
  each(doc.querySelectorAll('.toolbar'), function (bar) {
    var scope = bar.closest('section') || doc;
    [['Expand all criteria', true], ['Collapse all', false]].forEach(function (spec) {
      var b = doc.createElement('button');
      b.type = 'button';
      b.textContent = spec[0];
      b.addEventListener('click', function () {
        each(scope.querySelectorAll('details.crit'), function (d) { d.open = spec[1]; });
      });
      bar.appendChild(b);
    });
    bar.hidden = false;
  });
  each(doc.querySelectorAll('svg.hm-body'), function (svg) {
    var wrap = svg.closest('.callgrid');
    if (!wrap) return;
    var out = wrap.querySelector('.readout');
    var tip = svg.querySelector('title.tip');
    var labels = svg.querySelectorAll('text.rl');
    var cols = wrap.querySelectorAll('svg.hm-head text.cl');
    var x0 = Number(svg.getAttribute('data-x0'));
    var cw = Number(svg.getAttribute('data-cw'));
    var rh = Number(svg.getAttribute('data-rh'));
    if (out) out.hidden = false;
    svg.addEventListener('mousemove', function (e) {
      var box = svg.getBoundingClientRect();
      var col = Math.floor((e.clientX - box.left - x0) / cw);
      var row = Math.floor((e.clientY - box.top) / rh);
      if (row < 0 || row >= labels.length) return;
      var lab = labels[row];
      var rowText = lab.firstElementChild ? lab.firstElementChild.textContent : '';
      var text = rowText;
      if (col >= 0 && col < cols.length) {
        var code = (lab.getAttribute('data-s') || '').substr(col * 3, 3);
        var what = code === '---' ? 'abstained' : code === '!!!' ? 'job failed' : /^[0-9]{3}$/.test(code) ? 'score ' + (Number(code) / 100).toFixed(2) : 'no prediction';
        var colText = cols[col].firstElementChild ? cols[col].firstElementChild.textContent : '';
        text = rowText + '  \\u00d7  ' + colText + ': ' + what;
      }
      if (out) out.textContent = text;
      if (tip) tip.textContent = text;
    });
  });
  function openHash() {
    var id = location.hash.slice(1);
    var el = id ? doc.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openHash);
  openHash();
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;

/** Number of <script> elements every report contains (for tests that look for injected ones). */
export const REPORT_SCRIPT_ELEMENTS = 1;
