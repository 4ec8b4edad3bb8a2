// The pipeline worker: parse, lint and simulate off the main thread so typing never waits on them.

import { createPipelineHost } from './pipeline-host.ts';
import type { PipelineRequest } from './pipeline-protocol.ts';

const handle = createPipelineHost(() => performance.now());

self.addEventListener('message', (event: MessageEvent<PipelineRequest>) => {
  self.postMessage(handle(event.data));
});
