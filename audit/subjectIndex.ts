import { subjectIndexKey } from './ChainWalker';
import { labelList } from './subjectLabels';

/** A row of `audit_subjects` as both stores return it. */
export interface SubjectRow {
  record_seq: number;
  subject_type: string;
  subject_id: string;
  labels: string;
}

/** The subject index rows of a batch of records, per record seq, as the chain walker compares them. */
export function subjectIndexByRecord(rows: Iterable<SubjectRow>): Map<number, string[]> {
  const index = new Map<number, string[]>();
  for (const s of rows) {
    const keys = index.get(s.record_seq) ?? [];
    keys.push(subjectIndexKey(s.subject_type, s.subject_id, labelList(s.labels)));
    index.set(s.record_seq, keys);
  }
  return index;
}
