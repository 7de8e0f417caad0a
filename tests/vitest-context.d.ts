// Values the global setup provides to every test file (`inject('pgUrl')`).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the throwaway PostgreSQL cluster, or '' when PostgreSQL is not available. */
    pgUrl: string;
  }
}
