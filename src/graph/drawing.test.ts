/** The link chart as SVG: the view's own labels (escaped, pseudonyms said), the same picture each time. */
import { describe, expect, it } from 'vitest';
import { svgOfView } from './drawing.ts';
import type { GraphView } from './explore.ts';

const node = (key: string, kind: string, label: string, masked = false) => ({
  key,
  kind,
  label,
  masked,
  unit: null,
  depth: 0,
  hub: false,
});
const link = (kind: string, from: string, to: string) => ({
  kind,
  from,
  to,
  records: 1,
  firstAt: null,
  lastAt: null,
  source: 'test',
});

const view: GraphView = {
  truncated: false,
  nodes: [
    node('staff:PX-7Q2M', 'staff', 'PX-7Q2M', true),
    node('phone:+447700900123', 'phone', '+447700900123'),
    node('person:o<brien|A1234BC', 'person', "Jo O'Brien <aunt>"),
  ],
  links: [
    link('identifier', 'staff:PX-7Q2M', 'phone:+447700900123'),
    link('uses', 'person:o<brien|A1234BC', 'phone:+447700900123'),
  ],
};

describe('svgOfView', () => {
  it('draws every entity and link with its label, escaped, a pseudonym said to be one', () => {
    const svg = svgOfView(view)!;
    expect(svg).toMatch(/^<\?xml[^>]*><svg /);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg.match(/<line /g)).toHaveLength(2);
    expect(svg).toContain('PX-7Q2M (pseudonym)');
    expect(svg).toContain('Jo O&apos;Brien &lt;aunt&gt;');
    expect(svg).not.toContain('<aunt>');
  });

  it('draws the same picture from the same view, and nothing from a single entity', () => {
    expect(svgOfView(view)).toBe(svgOfView(structuredClone(view)));
    expect(svgOfView({ ...view, nodes: view.nodes.slice(0, 1), links: [] })).toBeUndefined();
  });
});
