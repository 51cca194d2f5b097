/**
 * probity's charts: server-rendered SVG, no script. d3 lays them out (scales, stacking); the markup is
 * written here with classes that app.css styles, because the Content-Security-Policy forbids inline
 * styles. Each chart is an image named by its title and described by its description, and each stands
 * beside a table with the same figures: the chart is never the only place a figure is given. A figure
 * withheld under the publication rule for small numbers is drawn as no bar and written as [c].
 */
export { barChart, type Bar, type BarChart } from './bars.ts';
export { lineChart, type LineChart, type LineSeries } from './lines.ts';
export { stackedBarChart, type Series, type StackedBarChart, type StackedRow } from './stacked.ts';
export { COLOURS, SUPPRESSED, escapeXml, formatCount, type ChartText, type Colour } from './svg.ts';
