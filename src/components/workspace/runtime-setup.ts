/** Wires the real runtimes into a RuntimeManager; loaded on the first run, so the page does not pay for it up front. */
import { loadPreference, RuntimeManager, type RuntimeNotice } from '../../lib/runtime/select.ts';
import { bootContainer, canBoot } from '../../lib/runtime/webcontainer-adapter.ts';
import { WebContainerSandbox } from '../../lib/runtime/webcontainer-sandbox.ts';
import { WorkerSandbox } from '../../lib/runtime/worker-sandbox.ts';

/** How long WebContainer may take to boot; `?wc-timeout=ms` shortens it (the browser tests use that). */
function bootTimeout(): number {
  const asked = Number(new URLSearchParams(location.search).get('wc-timeout'));
  return Number.isFinite(asked) && asked > 0 ? asked : 20_000;
}

/** The page's runtime manager. */
export function createManager(notice: (notice: RuntimeNotice) => void): RuntimeManager {
  return new RuntimeManager(
    {
      worker: () => new WorkerSandbox(),
      boot: () => bootContainer(bootTimeout()),
      canBoot,
      webcontainer: (container, nodeOnly) => new WebContainerSandbox(container, nodeOnly),
      notice,
    },
    loadPreference(globalThis.localStorage),
  );
}
