/**
 * The one door from the site into the lesson code: the playground, the timeline, the trace view
 * and the benchmarks import these names from here, never from a step's folder, so reshaping a
 * step means changing this file alone (a lint rule keeps it that way).
 */
export { fromLatin1 } from '../../../content/sandboxes/_template/bytes.ts';
export { POLL_TIMEOUT } from '../../../content/sandboxes/_template/platform.ts';
export { laneOf, type Stamped } from '../../../content/sandboxes/_template/trace.ts';
// The Worker runtime's host loads the template at run time; it names these types, never the code.
export type { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';
// The parser as the book finishes it (step 08 frames bodies; later steps carry it unchanged).
export {
  HTTP1Parser,
  type ParserState,
} from '../../../content/sandboxes/08-bodies/http1-parser.ts';
