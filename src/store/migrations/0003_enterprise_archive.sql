-- 0003: an enterprise can be archived (a stale entry the user no longer files for); its reports
-- and history stay, it just leaves the selector.
ALTER TABLE enterprise ADD COLUMN archived_at TEXT;
