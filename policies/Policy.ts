/** The compiled shape of `policy.yaml` (see README.md in this folder). */
export type RowAccess = 'active-relation' | 'self' | 'none';

export interface Purpose {
  id: string;
  name: string;
  processingActivity: string;
  legalBasis: string;
  description: string;
  labels: readonly string[];
  access: RowAccess;
  auditRetentionDays: number;
}

export interface Role {
  id: string;
  description: string;
  purposes: readonly string[];
}

export interface Policy {
  version: string;
  labels: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, Role>;
  purposes: ReadonlyMap<string, Purpose>;
}
