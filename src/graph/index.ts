/**
 * Link analysis: one graph of staff, prisoners, people on probation, the persons around prisoners,
 * identifiers (phones, addresses, e-mail, vehicles, bank references), reports, alerts and cases, built
 * from the records that join them; neighbourhoods and paths within what the viewer may see. SQL lives in
 * build-repo.ts and graph-repo.ts.
 */
export {
  GRAPH_PARTS,
  graphPartProblem,
  graphFiles,
  rebuildGraph,
  rebuildGraphParts,
  refreshAfterDetection,
  refreshRecorded,
  type GraphSize,
} from './build.ts';
export {
  HUB_DEGREE,
  MAX_DEPTH,
  MAX_STEPS,
  NODE_LIMIT,
  PATH_LIMIT,
  neighbourhood,
  describePaths,
  linkKindsBetween,
  paths,
  type GraphLink,
  type GraphNode,
  type GraphView,
  type NeighbourhoodRequest,
  type PathsAnswer,
  type PathsRequest,
} from './explore.ts';
export { staffConnections, type ConnectionStep, type StaffConnection } from './connections.ts';
export { svgOfView } from './drawing.ts';
export { graphSize } from './graph-repo.ts';
export { identifiersInText, type NamedIdentifier } from './text.ts';
export {
  ENTITY_KIND_LABELS,
  LINK_KIND_LABELS,
  LINK_KINDS,
  entityKindLabel,
  linkKindLabel,
  type LinkKind,
} from './kinds.ts';
export { establishmentNetwork, type Network, type NetworkEntity } from './network.ts';
export {
  NAME_SIMILARITY,
  SUGGESTION_LIMIT,
  resolutionSuggestions,
  resolvePersons,
  type Suggestion,
} from './resolution.ts';
