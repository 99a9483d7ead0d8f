/** The lesson entry for the command line: the platforms a step runs on, including the Node bridge browsers cannot load. */
export { NodePlatform } from '../../../content/sandboxes/_template/node-bridge.ts';
export { setPlatform } from '../../../content/sandboxes/_template/platform.ts';
export { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';
