-- Each feature outside the engine makes its own tables with its own numbered scripts (StatusBoard.Web/*/Migrations):
-- what it has applied is recorded here, by module. Before this script the engine made those tables itself; a module's
-- script that says which engine script used to make its tables is recorded without running on such a database.
CREATE TABLE module_migrations (
    module      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (module, version)
);
