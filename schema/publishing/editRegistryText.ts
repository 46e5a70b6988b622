import { parseDocument } from 'yaml';

/** A registry entry as written in the YAML file (rover's keys plus ours). */
export interface RegistryEntryText {
  routing_url: string;
  schema: { file: string } | { subgraph_url: string };
  owner: string;
  contact: string;
}

/**
 * The registry's text with one entry set or removed. Edits the YAML document rather than
 * re-serialising the parsed registry, so comments and the other entries stay as written.
 */
export function editRegistryText(text: string, name: string, entry: RegistryEntryText | null): string {
  const document = parseDocument(text);
  if (entry === null) document.deleteIn(['subgraphs', name]);
  else document.setIn(['subgraphs', name], document.createNode(entry));
  return document.toString();
}
