/* dyad dashboard: talks only to dyad serve's /api/ and draws with the
 * libraries the build copied into vendor/ (d3, topojson-client, world-atlas,
 * uPlot).  Every piece of data goes into the page with textContent or as an
 * attribute, never as HTML. */
(function () {
  'use strict';
  const $ = (s) => document.querySelector(s);
  const QUADS = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];

  function filters() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData($('#filters'))) if (v) p.set(k, v);
    return p;
  }
  async function api(path, params, init) {
    const r = await fetch('/api/' + path + (params && [...params].length ? '?' + params : ''), init);
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || r.statusText);
    return j;
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function status(where, msg) { const p = el('p', { class: 'hint' }, msg); where.replaceChildren(p); }

  /* ---- text with highlighted spans: each character takes the kind of the
   * innermost span over it (actor, verb, place before quotation) */
  const RANK = { quote: 1, place: 2, verb: 3, actor: 4 };
  function highlight(node, text, spans) {
    const kind = new Array(text.length).fill(null), label = new Array(text.length).fill('');
    // spans are byte offsets into UTF-8 text: map them to string indexes
    const bytes = new TextEncoder().encode(text);
    const b2i = new Int32Array(bytes.length + 1);
    for (let i = 0, b = 0; i < text.length; i++) {
      const cp = text.codePointAt(i), n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = 0; k < n; k++) b2i[b + k] = i;
      b += n;
      if (cp > 0xffff) i++;
      b2i[b] = i + 1;
    }
    for (const s of spans) {
      const a = b2i[Math.min(s.start, bytes.length)], z = b2i[Math.min(s.end, bytes.length)];
      for (let i = a; i < z; i++)
        if (!kind[i] || RANK[s.kind] > RANK[kind[i]]) { kind[i] = s.kind; label[i] = s.label || ''; }
    }
    node.replaceChildren();
    let i = 0;
    while (i < text.length) {
      let j = i;
      while (j < text.length && kind[j] === kind[i] && label[j] === label[i]) j++;
      const part = text.slice(i, j);
      if (kind[i]) node.appendChild(el('mark', { class: kind[i], title: kind[i] + (label[i] ? ': ' + label[i] : '') }, part));
      else node.appendChild(document.createTextNode(part));
      i = j;
    }
  }

  /* ---- map */
  let world = null;
  async function drawMap() {
    const svg = d3.select('#map');
    if (!world) world = await (await fetch('vendor/countries-110m.json')).json();
    const countries = topojson.feature(world, world.objects.countries).features;
    const [byCountry, events] = await Promise.all([api('countries', filters()), api('events', withLimit(filters(), 2000))]);
    const counts = new Map(byCountry.rows.map((r) => [String(r.numeric).padStart(3, '0'), r]));
    const max = d3.max(byCountry.rows, (r) => r.events) || 1;
    const color = d3.scaleSequentialLog(d3.interpolateBlues).domain([1, Math.max(2, max)]);
    const proj = d3.geoNaturalEarth1().fitSize([960, 500], { type: 'Sphere' });
    const path = d3.geoPath(proj);
    svg.selectAll('*').remove();
    svg.append('path').attr('d', path({ type: 'Sphere' })).attr('fill', '#dde7f0');
    svg.append('g').selectAll('path').data(countries).join('path')
      .attr('class', (d) => 'country' + (counts.has(String(d.id)) ? ' has-events' : ''))
      .attr('data-name', (d) => d.properties.name)
      .attr('d', path)
      .style('fill', (d) => counts.has(String(d.id)) ? color(counts.get(String(d.id)).events) : null)
      .append('title').text((d) => d.properties.name + (counts.has(String(d.id)) ? ': ' + counts.get(String(d.id)).events + ' events' : ''));
    const places = d3.rollups(events.rows.filter((r) => r.lat !== null && r.lon !== null),
      (v) => ({ n: v.length, lat: v[0].lat, lon: v[0].lon, place: v[0].place }), (r) => r.place + '|' + r.lat + '|' + r.lon);
    svg.append('g').selectAll('circle').data(places).join('circle')
      .attr('class', 'event').attr('data-place', (d) => d[1].place)
      .attr('cx', (d) => proj([d[1].lon, d[1].lat])[0]).attr('cy', (d) => proj([d[1].lon, d[1].lat])[1])
      .attr('r', (d) => 3 + 2 * Math.sqrt(d[1].n))
      .append('title').text((d) => d[1].place + ': ' + d[1].n + ' events');
    $('#map-hint').textContent = byCountry.rows.length + ' countries, ' + places.length + ' places';
  }
  function withLimit(p, n) { const q = new URLSearchParams(p); q.set('limit', n); return q; }

  /* ---- dyad panel */
  let chart = null;
  async function drawDyad() {
    const f = new FormData($('#dyad-form'));
    const a = String(f.get('a') || '').toUpperCase(), b = String(f.get('b') || '').toUpperCase();
    if (!a || !b) return;
    const base = filters(); base.delete('actor'); base.set('by', 'month');
    const p1 = new URLSearchParams(base); p1.set('source', a); p1.set('target', b);
    const p2 = new URLSearchParams(base); p2.set('source', b); p2.set('target', a);
    const [s1, s2] = await Promise.all([api('series', p1), api('series', p2)]);
    const per = new Map();
    for (const r of s1.rows.concat(s2.rows)) {
      const x = per.get(r.period) || { coop: 0, conf: 0, gsum: 0, n: 0 };
      x.coop += r.verbal_coop + r.material_coop; x.conf += r.verbal_conflict + r.material_conflict;
      x.gsum += r.goldstein_mean * r.events; x.n += r.events;
      per.set(r.period, x);
    }
    const periods = [...per.keys()].sort();
    const coop = periods.reduce((s, k) => s + per.get(k).coop, 0), conf = periods.reduce((s, k) => s + per.get(k).conf, 0);
    const sum = $('#dyad-summary');
    sum.replaceChildren(document.createTextNode(a + ' \u2194 ' + b + ': '), el('span', { class: 'coop' }, coop + ' cooperation'),
      document.createTextNode(', '), el('span', { class: 'conf' }, conf + ' conflict'),
      document.createTextNode(' events in ' + periods.length + ' month(s)'));
    const xs = periods.map((k) => Date.UTC(+k.slice(0, 4), +k.slice(5, 7) - 1, 1) / 1000);
    const data = [xs, periods.map((k) => per.get(k).coop), periods.map((k) => per.get(k).conf),
      periods.map((k) => +(per.get(k).gsum / per.get(k).n).toFixed(2))];
    const box = $('#dyad-chart');
    const width = Math.max(260, box.clientWidth || 400);
    if (chart) chart.destroy();
    box.replaceChildren();
    chart = new uPlot({
      width, height: 200, scales: { x: { time: true }, g: { range: [-10, 10] } },
      series: [{}, { label: 'cooperation', stroke: '#1e7b34', width: 2, points: { show: true } },
        { label: 'conflict', stroke: '#b03a2e', width: 2, points: { show: true } },
        { label: 'Goldstein', stroke: '#2f5d8a', dash: [4, 4], scale: 'g', points: { show: true } }],
      axes: [{}, { label: 'events' }, { side: 1, scale: 'g', label: 'Goldstein', grid: { show: false } }],
    }, data, box);
  }

  /* ---- network */
  async function drawNetwork() {
    const d = await api('dyads', withLimit(filters(), 25));
    const svg = d3.select('#network'); svg.selectAll('*').remove();
    const ids = [...new Set(d.rows.flatMap((r) => [r.source, r.target]))];
    const nodes = ids.map((id) => ({ id })), links = d.rows.map((r) => ({ source: r.source, target: r.target, n: r.events }));
    const sim = d3.forceSimulation(nodes).force('link', d3.forceLink(links).id((n) => n.id).distance(70))
      .force('charge', d3.forceManyBody().strength(-160)).force('center', d3.forceCenter(240, 180)).stop();
    for (let i = 0; i < 200; i++) sim.tick();
    svg.append('g').selectAll('line').data(links).join('line')
      .attr('x1', (l) => l.source.x).attr('y1', (l) => l.source.y).attr('x2', (l) => l.target.x).attr('y2', (l) => l.target.y)
      .attr('stroke-width', (l) => 1 + Math.log2(l.n));
    const g = svg.append('g').selectAll('g').data(nodes).join('g').attr('transform', (n) => `translate(${n.x},${n.y})`);
    g.append('circle').attr('r', 5).append('title').text((n) => n.id);
    g.append('text').attr('x', 7).attr('y', 3).text((n) => n.id);
  }

  /* ---- events table and article view */
  async function drawEvents() {
    const d = await api('events', withLimit(filters(), 200));
    const tb = $('#events tbody'); tb.replaceChildren();
    for (const r of d.rows) {
      const tr = el('tr', { 'data-article': r.article, 'data-sentence': r.sentence });
      for (const v of [r.date, r.source, r.target || '', r.code, r.plover || QUADS[r.quad] || '', r.place || '', r.text])
        tr.appendChild(el('td', {}, v));
      tr.lastChild.className = 'sentence';
      tr.addEventListener('click', () => showArticle(r.article, tr));
      tb.appendChild(tr);
    }
    if (!d.rows.length) tb.appendChild(el('tr', {}, 'no events for these filters'));
  }
  async function showArticle(id, tr) {
    document.querySelectorAll('#events tr.selected').forEach((x) => x.classList.remove('selected'));
    if (tr) tr.classList.add('selected');
    const a = await api('articles/' + encodeURIComponent(id));
    $('#article').hidden = false;
    $('#article-title').textContent = (a.title || a.id) + (a.date ? ' (' + a.date + ')' : '');
    highlight($('#article-text'), a.text, a.spans);
    $('#article').scrollIntoView({ block: 'nearest' });
  }

  /* ---- paste an article */
  async function codeText(ev) {
    ev.preventDefault();
    const text = new FormData($('#code-form')).get('text');
    const list = $('#code-events');
    if (!text || !String(text).trim()) { status(list, 'paste some text first'); return; }
    status(list, 'coding\u2026');
    try {
      const r = await api('code', null, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
      list.replaceChildren();
      for (const e of r.events)
        list.appendChild(el('li', { class: 'event' }, e.source.code + ' \u2192 ' + (e.target ? e.target.code : '\u2014') + '  ' + e.code +
          ' ' + (e.name || '') + (e.location ? '  @ ' + e.location.name : '')));
      if (!r.events.length) list.appendChild(el('li', {}, 'no events'));
      const spans = [];
      for (const e of r.events) {
        spans.push({ kind: 'actor', start: e.source.start, end: e.source.end, label: e.source.code });
        if (e.target) spans.push({ kind: 'actor', start: e.target.start, end: e.target.end, label: e.target.code });
        spans.push({ kind: 'verb', start: e.verb.start, end: e.verb.end, label: e.code });
      }
      for (const l of r.kg.locations) spans.push({ kind: 'place', start: l.start, end: l.end, label: l.name });
      for (const q of r.kg.quotes) spans.push({ kind: 'quote', start: q.start, end: q.end, label: q.speaker || '' });
      highlight($('#code-text'), String(text), spans);
    } catch (e) { status(list, 'error: ' + e.message); }
  }

  async function refresh(ev) {
    if (ev) ev.preventDefault();
    const jobs = [drawMap(), drawDyad(), drawNetwork(), drawEvents()];
    const r = await Promise.allSettled(jobs);
    r.forEach((x) => { if (x.status === 'rejected') console.error(x.reason); });
    document.body.dataset.ready = '1';
  }
  async function init() {
    try {
      const a = await api('actors', withLimit(new URLSearchParams(), 200));
      $('#actors').replaceChildren(...a.rows.map((r) => el('option', { value: r.actor })));
    } catch (e) { console.error(e); }
    $('#filters').addEventListener('submit', refresh);
    $('#dyad-form').addEventListener('submit', (e) => { e.preventDefault(); drawDyad(); });
    $('#code-form').addEventListener('submit', codeText);
    refresh();
  }
  init();
})();
