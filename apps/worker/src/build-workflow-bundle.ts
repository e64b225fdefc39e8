// Run after `tsc` by `npm run build`: bundles the compiled workflows once, so that production
// workers start without webpack (see worker.ts) and run exactly the code that was built.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { preloadModules } from './worker.js';

const { code } = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./workflows/index.js', import.meta.url)),
  payloadConverterPath: fileURLToPath(new URL('./payload-converter.js', import.meta.url)),
  preloadModules,
});
await writeFile(new URL('./workflow-bundle.js', import.meta.url), code);
