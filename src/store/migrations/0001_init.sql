-- 0001: enterprises, reports with frozen versions, ledger index, settings.

CREATE TABLE enterprise (
    id          INTEGER PRIMARY KEY,
    uscc        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,          -- Enterprise as JSON
    updated_at  TEXT NOT NULL
);

-- The working copy of a report: one per enterprise and year.
CREATE TABLE report (
    id             INTEGER PRIMARY KEY,
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE RESTRICT,
    year           INTEGER NOT NULL,
    revision       INTEGER NOT NULL DEFAULT 1,   -- bumped on every save that changes the body
    body           TEXT NOT NULL,                -- AnnualReport as JSON (nengbao.report/1)
    computed       TEXT,                         -- Computed as JSON, NULL when not computable
    body_sha256    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (enterprise_id, year)
);

-- Frozen versions of a report (on export, signing, import, or on request). Never updated.
CREATE TABLE report_version (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES report(id) ON DELETE RESTRICT,
    version     INTEGER NOT NULL,
    revision    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    body        TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (report_id, version)
);

-- Reduction projects as claimed in each report, for cross-year checks. Rows are never deleted:
-- a project removed from a report is marked with removed_at.
CREATE TABLE ledger_project (
    id             INTEGER PRIMARY KEY,
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE RESTRICT,
    year           INTEGER NOT NULL,
    project_id     TEXT NOT NULL,
    name           TEXT NOT NULL,
    pollutant      TEXT,
    permit_no      TEXT NOT NULL,
    facility       TEXT NOT NULL,
    design_capacity TEXT,
    reduction_t    TEXT,
    body           TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    removed_at     TEXT,
    UNIQUE (enterprise_id, year, project_id)
);
CREATE INDEX ledger_project_facility ON ledger_project (facility, pollutant);

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
