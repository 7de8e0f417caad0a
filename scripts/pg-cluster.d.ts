export interface Cluster {
  url: string;
  dir: string;
  port: number;
  stop: () => void;
}
export function isPostgresAvailable(): boolean;
export function startCluster(): Promise<Cluster>;
