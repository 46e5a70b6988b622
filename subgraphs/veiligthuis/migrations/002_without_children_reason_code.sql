-- Why a parent was taken in without the children, as a code (policies/blockages.yaml).
ALTER TABLE shelter_stays ADD COLUMN without_children_reason_code TEXT CHECK (without_children_reason_code IN ('GEEN_GEZINSPLEK', 'KINDEREN_ELDERS_VEILIG'));
