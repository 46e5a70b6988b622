CREATE TABLE measures (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('OTS', 'UITHUISPLAATSING', 'VRIJWILLIG_KADER')),
  placement TEXT CHECK (placement IN ('PLEEGZORG', 'GEZINSHUIS', 'RESIDENTIEEL')),
  under_supervision_order INTEGER NOT NULL CHECK (under_supervision_order IN (0, 1)),
  since TEXT NOT NULL,
  until TEXT,
  note TEXT
);
