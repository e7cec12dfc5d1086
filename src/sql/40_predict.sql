-- ---------------------------------------------------------------------------
-- Scoring.  One family of functions for every algorithm; each takes the model
-- as bytes or by name (its deployed version), and the features as a float8[]
-- in training order or as a row whose columns are bound to the model's
-- inputs by name and prepared as at training.
--   learn.predict            regression value; a classifier's label as a number
--                            (numeric labels; booleans as 0/1); a cluster number
--   learn.predict_label      a classifier's label (or a cluster number) as text
--   learn.predict_proba      class probabilities, in the order of learn.classes
--   learn.decision_function  decision scores: one value (the second class's
--                            log-odds or margin) for binary logistic regression
--                            and SVMs, one per class otherwise (naive Bayes:
--                            joint log-likelihoods)
--   learn.transform          the algorithm's transform: PCA components, k-means
--                            distances to each centroid, a preprocess model's
--                            prepared features
--   learn.prepare            the prepared features the model sees for a row
-- Name lookups read the catalog (STABLE); bytes are IMMUTABLE.  The model is
-- decoded once per query and call site.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.score_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'learn_score_support'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.score_support(internal) IS
    'internal: planner support rewriting scoring calls on a whole table row into the *_columns variants';

CREATE FUNCTION learn.predict(model bytea, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(bytea, float8[]) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (model bytes; features in training order)';
CREATE FUNCTION learn.predict(model bytea, "row" record) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict(bytea, record) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.predict(name text, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(text, float8[]) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.predict(name text, "row" record) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict(text, record) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.predict_label(model bytea, features float8[]) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label(bytea, float8[]) IS
    'a classifiers predicted label (or a cluster number) as text (model bytes; features in training order)';
CREATE FUNCTION learn.predict_label(model bytea, "row" record) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_label(bytea, record) IS
    'a classifiers predicted label (or a cluster number) as text (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.predict_label(name text, features float8[]) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label(text, float8[]) IS
    'a classifiers predicted label (or a cluster number) as text (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.predict_label(name text, "row" record) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_label(text, record) IS
    'a classifiers predicted label (or a cluster number) as text (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.predict_proba(model bytea, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba(bytea, float8[]) IS
    'class probabilities, in the order of learn.classes(model) (model bytes; features in training order)';
CREATE FUNCTION learn.predict_proba(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_proba(bytea, record) IS
    'class probabilities, in the order of learn.classes(model) (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.predict_proba(name text, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba(text, float8[]) IS
    'class probabilities, in the order of learn.classes(model) (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.predict_proba(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_proba(text, record) IS
    'class probabilities, in the order of learn.classes(model) (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.decision_function(model bytea, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function(bytea, float8[]) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (model bytes; features in training order)';
CREATE FUNCTION learn.decision_function(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.decision_function(bytea, record) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.decision_function(name text, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function(text, float8[]) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.decision_function(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.decision_function(text, record) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.transform(model bytea, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform(bytea, float8[]) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (model bytes; features in training order)';
CREATE FUNCTION learn.transform(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.transform(bytea, record) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.transform(name text, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform(text, float8[]) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.transform(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.transform(text, record) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.prepare(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.prepare(bytea, record) IS
    'the prepared features the model sees for a row (names from learn.features)';
CREATE FUNCTION learn.classes(model bytea) RETURNS text[]
    AS 'MODULE_PATHNAME', 'learn_classes_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.classes(bytea) IS
    'class labels of a classifier, in the order of learn.predict_proba';
CREATE FUNCTION learn.prepare(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.prepare(text, record) IS
    'the prepared features the model sees for a row (names from learn.features)';
CREATE FUNCTION learn.classes(name text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'learn_classes_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.classes(text) IS
    'class labels of a classifier, in the order of learn.predict_proba';

CREATE FUNCTION learn.predict_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_columns(bytea, text[], "any") IS
    'internal: learn.predict on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_columns(text, text[], "any") IS
    'internal: learn.predict on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_label_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label_columns(bytea, text[], "any") IS
    'internal: learn.predict_label on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_label_columns(name text, column_names text[], VARIADIC columns "any") RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label_columns(text, text[], "any") IS
    'internal: learn.predict_label on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_proba_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba_columns(bytea, text[], "any") IS
    'internal: learn.predict_proba on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_proba_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba_columns(text, text[], "any") IS
    'internal: learn.predict_proba on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.decision_function_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function_columns(bytea, text[], "any") IS
    'internal: learn.decision_function on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.decision_function_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function_columns(text, text[], "any") IS
    'internal: learn.decision_function on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.transform_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform_columns(bytea, text[], "any") IS
    'internal: learn.transform on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.transform_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform_columns(text, text[], "any") IS
    'internal: learn.transform on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.prepare_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_columns(bytea, text[], "any") IS
    'internal: learn.prepare on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.prepare_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_columns(text, text[], "any") IS
    'internal: learn.prepare on a table row, with the row''s columns passed separately (written by the planner)';
