/** What an agency asks the registry to do with its subgraph. */
export type SubgraphChange = PublishChange | RetireChange;

export interface PublishChange {
  kind: 'publish';
  name: string;
  /** The proposed SDL and the file it was read from. */
  sdl: string;
  schemaFile: string;
  /** Where the gateway routes the subgraph's part; required for a new subgraph. */
  routingUrl?: string;
  /** Required for a new subgraph; for an existing one it must match the registry. */
  owner?: string;
  contact?: string;
  allowBreaking: boolean;
}

export interface RetireChange {
  kind: 'retire';
  name: string;
  allowBreaking: boolean;
}
