// Test support: changes the cluster once kubectl is watching the nodes (as
// `kubectl wait` does), so the change lands while the wait is open however
// slow the machine is. A fixed delay could fire too early (a read meant to see
// the old state sees the new one; the wait finds nothing to wait for).
import type { ControlPlane } from './index.js';

const isNodeWatch = (request: string) =>
  request.startsWith('GET /api/v1/nodes') && /[?&]watch=(true|1)(&|$)/.test(request);

export interface OnceWatched {
  /** Resolves true once `act` ran, false if cancelled first. */
  acted: Promise<boolean>;
  cancel(): void;
}

export function onceWatchingNodes(cp: ControlPlane, act: () => void): OnceWatched {
  let settle: (acted: boolean) => void = () => undefined;
  const acted = new Promise<boolean>((resolve) => (settle = resolve));
  const timer = setInterval(() => {
    if (!cp.state.requests.some(isNodeWatch)) return;
    clearInterval(timer);
    act();
    settle(true);
  }, 20);
  return {
    acted,
    cancel: () => {
      clearInterval(timer);
      settle(false);
    },
  };
}
