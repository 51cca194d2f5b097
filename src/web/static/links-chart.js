// The link chart: the page's entities and links drawn with Cytoscape.js, to pan, zoom, expand, hide,
// pin and filter by date, with what lies behind an entity or a link one click away. The page's tables
// say the same without JavaScript; the data is the page's own (data-graph), masked as the page is.
import cytoscape from '/assets/cytoscape.esm.min.js';

const box = document.getElementById('links-chart');

/** Cytoscape's elements from the server's view: nodes by key, links as edges. */
function elementsOf(view) {
  return [
    ...view.nodes.map((n) => ({
      group: 'nodes',
      data: { id: n.key, label: n.label, kind: n.kind, unit: n.unit || '', masked: n.masked },
    })),
    ...view.links.map((l) => ({
      group: 'edges',
      data: {
        id: `${l.kind}|${l.from}|${l.to}|${l.source}`,
        source: l.from,
        target: l.to,
        kind: l.kind,
        kindLabel: l.kindLabel,
        records: l.records,
        first: l.first || '',
        last: l.last || '',
        sourceFile: l.source,
      },
    })),
  ];
}

function start() {
  const view = JSON.parse(box.dataset.graph);
  const panel = document.getElementById('links-chart-detail');
  const cy = cytoscape({
    container: box,
    elements: elementsOf(view),
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-size': 10,
          'background-color': '#505a5f',
          'text-wrap': 'ellipsis',
          'text-max-width': 120,
        },
      },
      {
        selector: 'node[kind = "staff"]',
        style: { 'background-color': '#1d70b8', shape: 'round-rectangle' },
      },
      { selector: 'node[kind = "prisoner"], node[kind = "pop"]', style: { 'background-color': '#d4351c' } },
      {
        selector:
          'node[kind = "phone"], node[kind = "address"], node[kind = "email"], node[kind = "vehicle"], node[kind = "bank"]',
        style: { 'background-color': '#00703c', shape: 'diamond' },
      },
      {
        selector:
          'node[kind = "intelligence"], node[kind = "portal_report"], node[kind = "alert"], node[kind = "case"]',
        style: { 'background-color': '#f47738', shape: 'tag' },
      },
      { selector: 'node:locked', style: { 'border-width': 3, 'border-color': '#0b0c0c' } },
      { selector: ':selected', style: { 'overlay-opacity': 0.2, 'overlay-color': '#ffdd00' } },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#b1b4b6',
          'curve-style': 'bezier',
          label: 'data(kindLabel)',
          'font-size': 8,
          'text-rotation': 'autorotate',
          color: '#505a5f',
        },
      },
    ],
    layout: { name: 'cose', animate: false, randomize: false },
    wheelSensitivity: 0.3,
  });
  box.dataset.rendered = String(cy.nodes().length);

  const say = (lines) => {
    panel.replaceChildren(
      ...lines.map(([term, value, href]) => {
        const row = document.createElement('p');
        row.className = 'govuk-body-s govuk-!-margin-bottom-1';
        const strong = document.createElement('strong');
        strong.textContent = `${term}: `;
        row.append(strong);
        if (href) {
          const a = document.createElement('a');
          a.className = 'govuk-link';
          a.href = href;
          a.textContent = value;
          row.append(a);
        } else row.append(document.createTextNode(value));
        return row;
      }),
    );
  };
  cy.on('tap', 'node', (e) => {
    const d = e.target.data();
    say([
      ['Entity', d.label, `/links?entity=${encodeURIComponent(d.id)}`],
      ['Kind', d.kind],
      ['Establishment or region', d.unit || 'none'],
      ['Links drawn', String(e.target.degree())],
    ]);
  });
  cy.on('tap', 'edge', (e) => {
    const d = e.target.data();
    say([
      ['Link', d.kindLabel],
      ['Between', `${e.target.source().data('label')} and ${e.target.target().data('label')}`],
      ['Records', String(d.records)],
      ['First', d.first || 'undated'],
      ['Last', d.last || 'undated'],
      ['Source', d.sourceFile],
    ]);
  });

  const selected = () => cy.$('node:selected');
  const on = (id, fn) => document.getElementById(id)?.addEventListener('click', fn);
  on('chart-fit', () => cy.fit(undefined, 20));
  on('chart-hide', () => selected().style('display', 'none'));
  on('chart-show-all', () => cy.elements().style('display', 'element'));
  on('chart-pin', () => selected().forEach((n) => (n.locked() ? n.unlock() : n.lock())));
  on('chart-expand', async () => {
    for (const n of selected()) {
      const res = await fetch(`/links.json?entity=${encodeURIComponent(n.id())}`, {
        headers: { accept: 'application/json' },
      });
      if (!res.ok) continue;
      const more = await res.json();
      cy.add(elementsOf(more).filter((el) => !cy.getElementById(el.data.id).length));
    }
    cy.layout({ name: 'cose', animate: false, randomize: false }).run();
    box.dataset.rendered = String(cy.nodes().length);
  });
  on('chart-png', () => {
    const a = document.createElement('a');
    a.href = cy.png({ full: true, scale: 2, bg: '#ffffff' });
    a.download = 'links.png';
    a.click();
  });
  // The timeline: only links whose records began on or before the chosen day.
  const until = document.getElementById('chart-until');
  until?.addEventListener('input', () => {
    const day = until.value;
    cy.edges().forEach((edge) => {
      const first = edge.data('first');
      edge.style('display', !day || !first || first <= day ? 'element' : 'none');
    });
    document.getElementById('chart-until-value').textContent = day || 'every date';
  });
  document.getElementById('links-chart-tools').hidden = false;
}

if (box) {
  box.hidden = false;
  start();
}
