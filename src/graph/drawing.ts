/**
 * A view of the link graph drawn as an SVG document, for a report or a case file: laid out with
 * ForceAtlas2 from a circle (no randomness: the same view draws the same picture) and rendered by
 * graphology-svg. It draws the view's own labels, so a masked officer is their pseudonym here too.
 */
import { UndirectedGraph } from 'graphology';
import { circular } from 'graphology-layout';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import renderer from 'graphology-svg/renderer.js';
import type { GraphView } from './explore.ts';

// The package is CommonJS (module.exports = layout) with types that declare a default export.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

/** The chart's colours (links-chart.js), by kind of entity. */
const COLOURS: Record<string, string> = {
  staff: '#1d70b8',
  prisoner: '#d4351c',
  pop: '#d4351c',
  phone: '#00703c',
  address: '#00703c',
  email: '#00703c',
  vehicle: '#00703c',
  social: '#00703c',
  bank: '#00703c',
  intelligence: '#f47738',
  portal_report: '#f47738',
  alert: '#f47738',
  case: '#f47738',
};
const SIDE = 1600;
const MARGIN = 200;
/** A node's radius and its label's size on the page, in pixels. */
const NODE_PIXELS = 12;

/** The view as an SVG document; undefined when it has fewer than two entities (nothing to lay out). */
export function svgOfView(view: GraphView): string | undefined {
  if (view.nodes.length < 2) return undefined;
  const graph = new UndirectedGraph();
  for (const n of view.nodes)
    graph.addNode(n.key, {
      label: n.masked ? `${n.label} (pseudonym)` : n.label,
      color: COLOURS[n.kind] ?? '#505a5f',
    });
  for (const l of view.links) graph.mergeEdge(l.from, l.to, { color: '#b1b4b6' });
  circular.assign(graph);
  forceAtlas2.assign(graph, {
    iterations: 300,
    settings: { ...forceAtlas2.inferSettings(graph), adjustSizes: false },
  });
  // The renderer scales positions to the page and node sizes with them: size each node so that it ends
  // NODE_PIXELS wide whatever the scale.
  let cx = 0;
  let cy = 0;
  graph.forEachNode((_, a) => ((cx += a.x as number), (cy += a.y as number)));
  cx /= graph.order;
  cy /= graph.order;
  let far = 0;
  graph.forEachNode((_, a) => (far = Math.max(far, Math.hypot((a.x as number) - cx, (a.y as number) - cy))));
  const scale = (SIDE - 2 * MARGIN) / (2 * (far || 1));
  graph.forEachNode((key) => graph.setNodeAttribute(key, 'size', NODE_PIXELS / scale));
  return renderer(graph, {
    width: SIDE,
    height: SIDE,
    margin: MARGIN,
    font: 'Arial, sans-serif',
    nodes: { reducer: null, defaultColor: '#505a5f' },
    edges: { reducer: null, defaultColor: '#b1b4b6' },
  });
}
