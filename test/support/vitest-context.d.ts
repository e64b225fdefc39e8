// What test/global-setup.ts hands to tests through `inject()`; loyalty-harness.ts imports it,
// so that tests outside the root tsconfig (apps/*) see it too.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Temporal server the `temporal` project's tests use */
    temporalAddress: string;
    /** `system` project: base URLs of the two API processes started from dist/ */
    systemApiUrls: string[];
    /** `system` project: host:port of the Temporal server on PostgreSQL */
    systemTemporalAddress: string;
  }
}
