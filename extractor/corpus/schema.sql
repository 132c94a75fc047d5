-- The procedure store (extractor index). Documented in docs/corpus.md.
-- Tables marked "derived" are recomputed from the others whenever an article is added or changed.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id              INTEGER PRIMARY KEY,
    path            TEXT NOT NULL UNIQUE,          -- source.path of the record
    record_sha256   TEXT NOT NULL,                 -- hash of the record as indexed (incremental re-index)
    source_sha256   TEXT,                          -- hash of the input file
    url             TEXT,
    format          TEXT,
    title           TEXT,
    description     TEXT,
    date            TEXT,
    updated         TEXT,
    author          TEXT,
    language        TEXT,
    text            TEXT NOT NULL,                 -- content.text (cleaned content)
    procedure_count INTEGER NOT NULL,
    step_count      INTEGER NOT NULL,
    duplicate_of    INTEGER REFERENCES articles(id),  -- derived: canonical article when this one is a near-duplicate
    sketch          BLOB                           -- MinHash sketch of text (little-endian uint64s)
);

CREATE TABLE IF NOT EXISTS procedures (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,                 -- 0-based order in the article
    title        TEXT,
    section_path TEXT NOT NULL,                    -- JSON array of headings
    kind         TEXT NOT NULL,                    -- task | check
    origin       TEXT NOT NULL,
    outcome      TEXT,
    promotes_product TEXT,                         -- the product the steps sell; NULL for steps that need none
    requirements TEXT NOT NULL DEFAULT '[]',       -- JSON array: ingredients, supplies, tools the page lists
    line_start   INTEGER NOT NULL,
    line_end     INTEGER NOT NULL,
    step_count   INTEGER NOT NULL,                 -- top-level steps
    group_id     INTEGER,                          -- derived: procedure_groups.id
    sketch       BLOB,                             -- MinHash sketch of the step texts
    UNIQUE (article_id, position)
);

CREATE TABLE IF NOT EXISTS steps (
    id           INTEGER PRIMARY KEY,
    procedure_id INTEGER NOT NULL REFERENCES procedures(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,                 -- 0-based, depth-first over steps and substeps
    parent_id    INTEGER REFERENCES steps(id),     -- the step a substep belongs to; NULL at top level
    depth        INTEGER NOT NULL,                 -- 0 for top-level steps
    number       INTEGER,                          -- the number written in the source, if any
    text         TEXT NOT NULL,
    markdown     TEXT NOT NULL,
    line_start   INTEGER NOT NULL,
    line_end     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS ui_elements (
    step_id  INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label    TEXT NOT NULL,
    PRIMARY KEY (step_id, position)
);

CREATE TABLE IF NOT EXISTS step_code (
    step_id  INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    language TEXT,
    text     TEXT NOT NULL,                        -- a code block of the step (commands to type)
    PRIMARY KEY (step_id, position)
);

CREATE TABLE IF NOT EXISTS shortcuts (
    step_id  INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    keys     TEXT NOT NULL,                        -- normalised, e.g. Win+R
    PRIMARY KEY (step_id, position)
);

CREATE TABLE IF NOT EXISTS boilerplate_counts (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    rule       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (article_id, kind, rule)
);

-- derived: near-duplicate articles; one row per article in a group of two or more
CREATE TABLE IF NOT EXISTS duplicate_groups (
    group_id     INTEGER NOT NULL,
    article_id   INTEGER NOT NULL PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    is_canonical INTEGER NOT NULL
);

-- derived: equal or near-equal procedures across articles; every procedure is in one group
CREATE TABLE IF NOT EXISTS procedure_groups (
    id                INTEGER PRIMARY KEY,
    representative_id INTEGER NOT NULL,            -- procedures.id of the procedure shown for the group
    procedure_count   INTEGER NOT NULL,
    article_count     INTEGER NOT NULL,            -- distinct articles containing the procedure
    source_count      INTEGER NOT NULL,            -- the same, near-duplicate articles counted once
    boost             REAL NOT NULL                -- search multiplier from source_count
);

-- derived: the articles that support each procedure group, near-duplicate articles replaced by their
-- canonical article (so source_count = the number of rows per group)
CREATE TABLE IF NOT EXISTS procedure_group_sources (
    group_id   INTEGER NOT NULL,                   -- procedure_groups.id
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, article_id)
);

CREATE INDEX IF NOT EXISTS procedures_group ON procedures(group_id);
CREATE INDEX IF NOT EXISTS steps_procedure ON steps(procedure_id, position);
CREATE INDEX IF NOT EXISTS duplicate_groups_group ON duplicate_groups(group_id);

-- derived: full-text index, rowid = procedures.id; holds only procedures of articles that are not
-- near-duplicates (search collapses duplicates anyway)
CREATE VIRTUAL TABLE IF NOT EXISTS procedures_fts USING fts5(
    title, headings, steps, article_title,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
