-- The CO₂ block (十五五 碳排放双控): the figures each unit signed, which the county adds up as
-- signed rather than recomputing them under the editions it holds; and every 绿证 range a
-- submission claims, so that a range two units of the county both claim is found at intake by
-- an indexed lookup instead of reading every other report. Submissions received before this
-- migration carry neither (the signed file gained the CO₂ block and the certificate ledger
-- together with this schema).
ALTER TABLE submission ADD COLUMN carbon TEXT;  -- carbon::SignedCarbon as signed; NULL when the file carries none

-- A range never spans two projects (the first 17 digits, 项目建档立卡编码), so claims that can
-- overlap are found by project, then by code.
CREATE TABLE certificate_claim (
    submission_id INTEGER NOT NULL REFERENCES submission(id),
    entry         INTEGER NOT NULL,   -- index in the report's carbon.certificates
    project       TEXT NOT NULL,      -- the first 17 digits of both codes
    first         TEXT NOT NULL,      -- 32 digits
    last          TEXT NOT NULL,      -- 32 digits, not before first
    PRIMARY KEY (submission_id, entry)
);
CREATE INDEX certificate_claim_range ON certificate_claim (project, first);
