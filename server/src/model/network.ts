export const NETWORKS = ['internal', 'external'] as const;
export type Network = (typeof NETWORKS)[number];

export interface LocalizedName {
  zh: string;
  en: string;
}
