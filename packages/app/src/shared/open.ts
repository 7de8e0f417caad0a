import type { Store, StoreConfig } from '@oresight/store';
import { openStore, resolveStoreConfig } from '@oresight/store';

export type { Store, StoreConfig };

/**
 * Opens the store the environment names (DATABASE_URL, else ORESIGHT_DB, else ./data/oresight.db).
 * @example const store = await openAppStore(process.env);
 */
export async function openAppStore(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Store> {
  return openStore(resolveStoreConfig(env));
}

export { resolveStoreConfig };
