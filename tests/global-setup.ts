// Starts one throwaway PostgreSQL cluster for the whole test run so that every store test runs
// on both databases (house rule 6). An externally provided ORESIGHT_TEST_PG_URL wins (CI may
// start the cluster itself). Without PostgreSQL binaries the PG half is skipped with a warning,
// except in CI, where a missing database is an error.
import type { TestProject } from 'vitest/node';
import { isPostgresAvailable, startCluster } from '../scripts/pg-cluster.js';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const external = process.env.ORESIGHT_TEST_PG_URL;
  if (external) {
    project.provide('pgUrl', external);
    return undefined;
  }
  if (!isPostgresAvailable()) {
    if (process.env.CI)
      throw new Error('CI needs PostgreSQL: install postgresql or set ORESIGHT_TEST_PG_URL');
    console.warn('[oresight] PostgreSQL not found: PostgreSQL test cases are skipped on this machine');
    project.provide('pgUrl', '');
    return undefined;
  }
  const cluster = await startCluster();
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
