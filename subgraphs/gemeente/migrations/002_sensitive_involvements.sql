-- Some agencies' involvement is itself special-category data: that Veilig Thuis is
-- involved tells of domestic violence, that youth care is involved of child protection
-- (GDPR art. 9/10). Their referral-index entries and relations are served in fields of
-- their own, labelled with that category; every other agency's under the general label.
CREATE TABLE agency_sensitivity (
  agency   TEXT PRIMARY KEY,
  category TEXT NOT NULL CHECK (category IN ('special-safety', 'special-health'))
);
INSERT INTO agency_sensitivity (agency, category) VALUES ('veiligthuis', 'special-safety'), ('jeugdzorg', 'special-health');
