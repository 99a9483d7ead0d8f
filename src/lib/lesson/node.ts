/** The lesson entry for the command line: the Node harness and platforms, including the Node bridge browsers cannot load. */
export { NodePlatform } from '../../../content/sandboxes/_template/node-bridge.ts';
export { setPlatform } from '../../../content/sandboxes/_template/platform.ts';
export {
  EXIT,
  parsePort,
  runHarness,
  type HarnessRequest,
} from '../../../content/sandboxes/_template/run.ts';
export { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';
