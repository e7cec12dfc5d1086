-- ---------------------------------------------------------------------------
-- Model selection: deterministic splits, cross-validated grid and random
-- search (learn.tune) and the record of every tuning run and trial.  The
-- tables are dumped by pg_dump; DROP EXTENSION deletes them.
-- ---------------------------------------------------------------------------

CREATE TABLE learn.tuning_runs (
    id            bigserial   PRIMARY KEY,
    name          text        NOT NULL,
    algorithm     text        NOT NULL,
    source        text        NOT NULL,
    target        text,
    features      text[]      NOT NULL,
    options       jsonb       NOT NULL DEFAULT '{}',
    grid          jsonb       NOT NULL,
    n_iter        integer,
    folds         integer     NOT NULL,
    metric        text        NOT NULL,
    seed          bigint      NOT NULL,
    stratified    boolean     NOT NULL,
    best_trial    integer,
    model_version integer,
    seconds       float8,
    owner         name        NOT NULL DEFAULT current_user,
    started_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE learn.tuning_runs IS
    'one row per learn.tune call: the search, the folds, the metric, the best trial and the model version trained with it';

CREATE TABLE learn.tuning_trials (
    run_id      bigint   NOT NULL REFERENCES learn.tuning_runs (id) ON DELETE CASCADE,
    trial       integer  NOT NULL,
    params      jsonb    NOT NULL,
    fold_scores float8[] NOT NULL,
    mean_score  float8   NOT NULL,
    std_score   float8   NOT NULL,
    seconds     float8   NOT NULL,
    PRIMARY KEY (run_id, trial)
);
COMMENT ON TABLE learn.tuning_trials IS
    'every parameter set learn.tune tried: its score on each fold, their mean and population standard deviation';

-- Row-level security as for the registry (55_access.sql): a tuning run and
-- its trials are seen and written by the role that ran it (its members,
-- superusers) only.
ALTER TABLE learn.tuning_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.tuning_trials ENABLE ROW LEVEL SECURITY;
CREATE POLICY tuning_runs_owner ON learn.tuning_runs
    USING (learn.acts_as(owner)) WITH CHECK (learn.acts_as(owner));
CREATE POLICY tuning_trials_owner ON learn.tuning_trials
    USING (EXISTS (SELECT 1 FROM learn.tuning_runs r
                   WHERE r.id = tuning_trials.run_id AND learn.acts_as(r.owner)))
    WITH CHECK (EXISTS (SELECT 1 FROM learn.tuning_runs r
                        WHERE r.id = tuning_trials.run_id AND learn.acts_as(r.owner)));

SELECT pg_catalog.pg_extension_config_dump('learn.tuning_runs', '');
SELECT pg_catalog.pg_extension_config_dump('learn.tuning_runs_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('learn.tuning_trials', '');

CREATE FUNCTION learn.tune(
    name text,
    algorithm text,
    source text,
    target text DEFAULT NULL,
    features text[] DEFAULT NULL,
    options jsonb DEFAULT '{}',
    grid jsonb DEFAULT NULL,
    folds integer DEFAULT 5,
    metric text DEFAULT NULL,
    seed bigint DEFAULT 0,
    n_iter integer DEFAULT NULL,
    stratify boolean DEFAULT NULL,
    OUT tuning_run bigint, OUT name text, OUT version integer, OUT metric text,
    OUT cv_score float8, OUT cv_std float8, OUT params jsonb, OUT trials integer,
    OUT seconds float8)
    RETURNS record
    AS 'MODULE_PATHNAME', 'learn_tune'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.tune(text, text, text, text, text[], jsonb, jsonb, integer, text, bigint, integer, boolean) IS
    'k-fold cross-validated grid (or, with n_iter, random) search; records every trial in learn.tuning_trials and stores the best parameters, trained on all rows, as a new model version';

CREATE FUNCTION learn.split(
    algorithm text,
    source text,
    target text DEFAULT NULL,
    features text[] DEFAULT NULL,
    folds integer DEFAULT NULL,
    holdout float8 DEFAULT NULL,
    seed bigint DEFAULT 0,
    stratify boolean DEFAULT NULL)
    RETURNS TABLE (part integer, "row" jsonb)
    AS 'MODULE_PATHNAME', 'learn_split'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.split(text, text, text, text[], integer, float8, bigint, boolean) IS
    'the parts learn.tune (folds) or learn.train''s holdout (part 0 held out) assigns to each row: target and feature values as jsonb';
