-- Lookups made once per imported file (the unit's current report of a year, its next version
-- number, the submission behind a file) went through every submission of the year or the
-- whole table, so importing n files took time proportional to n².
CREATE INDEX submission_unit ON submission (uscc, year, status);
CREATE INDEX submission_file ON submission (file_sha256);
