-- 0002: the evidence store index and the append-only, hash-chained audit log.

-- Files attached as 证明材料, kept in the workspace's evidence folder under their SHA-256.
CREATE TABLE evidence (
    sha256    TEXT PRIMARY KEY,
    name      TEXT NOT NULL,       -- the name it was first added under
    kind      TEXT NOT NULL,
    size      INTEGER NOT NULL,
    added_at  TEXT NOT NULL
);

-- Each entry hashes the previous one: hash = SHA-256(prev ‖ seq ‖ at ‖ actor ‖ action ‖ object ‖ detail).
CREATE TABLE audit (
    seq     INTEGER PRIMARY KEY,   -- 1, 2, 3 … without gaps
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    object  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
