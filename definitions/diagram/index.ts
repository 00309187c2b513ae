// Generated views of a campaign definition: state diagrams (Mermaid, DOT, SVG) and Markdown tables.
export { toStateGraph, stateTitle, formatWindow, formatDatePoint, type StateGraph, type DiagramState, type DiagramEdge, type DiagramStateRole } from './graph.js';
export { paintStates, resolveStateId, HEAT, HIGHLIGHT, type Paint, type PaintOptions } from './paint.js';
export { activeStateIds } from './active.js';
export { toMermaid, mermaidId, type MermaidOptions } from './mermaid.js';
export { toDot, type DotOptions } from './dot.js';
export { toSvg } from './svg.js';
export { toTables } from './tables.js';
