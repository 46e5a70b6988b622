-- Why a child was placed out of home, as a code (policies/blockages.yaml).
ALTER TABLE measures ADD COLUMN placement_reason_code TEXT CHECK (placement_reason_code IN ('GEEN_OPVANG_MET_OUDER', 'ONVEILIGE_THUISSITUATIE', 'OPVOEDINGSPROBLEMEN'));
