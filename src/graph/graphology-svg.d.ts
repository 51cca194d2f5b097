// graphology-svg ships without types: the renderer takes a graph whose nodes carry x, y, size, color
// and label, and returns the SVG document as a string.
declare module 'graphology-svg/renderer.js' {
  import type Graph from 'graphology';
  export default function renderer(
    graph: Graph,
    settings: {
      width: number;
      height: number;
      margin: number;
      font?: string;
      nodes: { reducer: null; defaultColor: string };
      edges: { reducer: null; defaultColor: string };
    },
  ): string;
}
