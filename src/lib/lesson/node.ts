/** The lesson entry for the command line: the Node harness, which brings the Node bridge browsers cannot load. */
export { EXIT, parsePort, runHarness } from '../../../content/sandboxes/_template/run.ts';
