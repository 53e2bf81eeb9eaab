-- County workspace, first schema, as PostgreSQL runs it (the SQLite file 0001_county.sql
-- declares `file` before the `submission` table it references and uses SQLite triggers).
-- Later migrations are translated from the SQLite files (store::pg::translate).

CREATE TABLE setting (
    key    TEXT COLLATE "C" PRIMARY KEY,
    value  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE submission (
    id           BIGSERIAL PRIMARY KEY,
    uscc         TEXT COLLATE "C" NOT NULL,
    name         TEXT COLLATE "C" NOT NULL,
    year         BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    status       TEXT COLLATE "C" NOT NULL,
    file_sha256  TEXT COLLATE "C" NOT NULL,
    received_at  TEXT COLLATE "C" NOT NULL,
    division_code TEXT COLLATE "C" NOT NULL,
    industry_code TEXT COLLATE "C" NOT NULL,
    report       TEXT COLLATE "C" NOT NULL,
    computed     TEXT COLLATE "C",
    findings     TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT COLLATE "C" NOT NULL,
    UNIQUE (uscc, year, version)
);
CREATE INDEX submission_current ON submission (year, status);

CREATE TABLE file (
    sha256       TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL,
    size         BIGINT NOT NULL,
    received_at  TEXT COLLATE "C" NOT NULL,
    outcome      TEXT COLLATE "C" NOT NULL,
    reason       TEXT COLLATE "C" NOT NULL,
    message      TEXT COLLATE "C" NOT NULL,
    uscc         TEXT COLLATE "C",
    year         BIGINT,
    fingerprint  TEXT COLLATE "C",
    errors       BIGINT NOT NULL DEFAULT 0,
    warnings     BIGINT NOT NULL DEFAULT 0,
    submission_id BIGINT REFERENCES submission(id)
);

CREATE TABLE blob (
    sha256  TEXT COLLATE "C" PRIMARY KEY REFERENCES file(sha256),
    bytes   BYTEA NOT NULL
);

CREATE TABLE enterprise_key (
    uscc          TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT COLLATE "C" NOT NULL,
    public_key    TEXT COLLATE "C" NOT NULL,
    fingerprint   TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    source        TEXT COLLATE "C" NOT NULL,
    first_seen    TEXT COLLATE "C" NOT NULL,
    confirmed_at  TEXT COLLATE "C",
    confirmed_by  TEXT COLLATE "C"
);

CREATE TABLE roster (
    year      BIGINT NOT NULL,
    uscc      TEXT COLLATE "C" NOT NULL,
    name      TEXT COLLATE "C" NOT NULL,
    category  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (year, uscc)
);

CREATE TABLE target (
    year       BIGINT NOT NULL,
    pollutant  TEXT COLLATE "C" NOT NULL,
    target_t   TEXT COLLATE "C" NOT NULL,
    source     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (year, pollutant)
);

CREATE TABLE audit (
    seq     BIGINT PRIMARY KEY,
    at      TEXT COLLATE "C" NOT NULL,
    actor   TEXT COLLATE "C" NOT NULL,
    action  TEXT COLLATE "C" NOT NULL,
    object  TEXT COLLATE "C" NOT NULL,
    detail  TEXT COLLATE "C" NOT NULL,
    prev    TEXT COLLATE "C" NOT NULL,
    hash    TEXT COLLATE "C" NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE PROCEDURE audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE PROCEDURE audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE PROCEDURE audit_append_only();
