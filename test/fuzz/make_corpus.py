#!/usr/bin/python3
"""Regenerate the seed corpus of the fuzz harnesses from a running cluster.

Trains every algorithm on a small table, and writes as binary files:
  corpus/fuzz_model/     the models (learn.*_fit, learn.train with a pipeline)
  corpus/fuzz_pipeline/  the PIPELINE sections of the models that have one
  corpus/fuzz_options/   the options blobs of the aggregate states
  corpus/fuzz_state/     aggregate states (the transition functions' output),
                         framed for fuzz_state (selector, u32 length, A, B)
  corpus/fuzz_fit/       the same for the iterative algorithms and steps
plus truncated and edge variants.  Connection from the PG* environment:
  PGHOST=... PGPORT=... /usr/bin/python3 test/fuzz/make_corpus.py
"""
import hashlib
import os
import struct
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

SETUP = r"""
DROP TABLE IF EXISTS fz;
CREATE TABLE fz AS
SELECT i, ((i % 7) * 1.5 + (i % 3))::float8 AS y, (i % 5)::float8 AS x1, ((i * 7) % 11)::float8 AS x2,
       ((i * 3) % 4)::float8 + 0.25 AS x3,
       (ARRAY['red', 'green', 'blue'])[1 + i % 3] AS lab, (i % 2 = 0) AS flag,
       (ARRAY['a', 'b', 'c', 'd'])[1 + (i * 5) % 4] AS cat,
       date '2024-01-01' + i AS day,
       CASE WHEN i % 6 = 0 THEN NULL ELSE (i % 9)::float8 END AS holey
FROM generate_series(1, 40) i;
"""

# (file name, SQL giving one bytea)
MODELS = [
    ("linreg", "SELECT learn.linreg_fit(y, ARRAY[x1, x2]) FROM fz"),
    ("linreg_opts", "SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3], "
     "'{\"intercept\": false, \"lambda\": 0.5, \"feature_names\": [\"a\", \"b\", \"c\"]}') FROM fz"),
    ("logreg_multi", "SELECT learn.logreg_fit(lab, ARRAY[x1, x2]) FROM fz"),
    ("logreg_bool", "SELECT learn.logreg_fit(flag, ARRAY[x1, x3]) FROM fz"),
    ("nb_gauss", "SELECT learn.nb_fit(lab, ARRAY[x1, x2]) FROM fz"),
    ("nb_multinomial", "SELECT learn.nb_fit(lab, ARRAY[x1, x2], '{\"distribution\": \"multinomial\"}') FROM fz"),
    ("kmeans", "SELECT learn.kmeans_fit(ARRAY[x1, x2], '{\"k\": 3, \"seed\": 1}') FROM fz"),
    ("pca", "SELECT learn.pca_fit(ARRAY[x1, x2, x3], '{\"n_components\": 2}') FROM fz"),
    ("svm_binary", "SELECT learn.svm_fit(flag, ARRAY[x1, x2]) FROM fz"),
    ("svm_multi", "SELECT learn.svm_fit(lab, ARRAY[x1, x2, x3]) FROM fz"),
    ("preprocess", "SELECT learn.preprocess_fit(y, ARRAY[x1, x2], '{}') FROM fz"),
]

# models with a preprocessing pipeline, trained by learn.train on columns
TRAINED = [
    ("train_linreg_pipeline", "linear_regression", "'y'",
     "ARRAY['x1', 'cat', 'day', 'holey', 'flag']",
     "'{\"impute\": \"mean\", \"scale\": \"standard\"}'"),
    ("train_logreg_pipeline", "logistic_regression", "'lab'", "ARRAY['x2', 'cat', 'holey']",
     "'{\"impute\": \"median\"}'"),
    ("train_kmeans_pipeline", "kmeans", "NULL", "ARRAY['x1', 'x2', 'cat']", "'{\"k\": 2}'"),
]

# aggregate states: (name, selector index in fuzz_state.c, sfunc, arguments, extra setup)
STATES = [
    ("linreg", 0, "learn.linreg_fit_trans", "float8, float8[]", "y, ARRAY[x1, x2]"),
    ("preprocess", 1, "learn.preprocess_fit_trans", "float8, float8[], jsonb", "y, ARRAY[x1, x2], '{}'::jsonb"),
    ("logreg", 2, "learn.logreg_fit_trans", "anyelement, float8[]", "lab, ARRAY[x1, x2]"),
    ("pca", 3, "learn.pca_fit_trans", "float8[], jsonb", "ARRAY[x1, x2, x3], '{\"n_components\": 2}'::jsonb"),
    ("nb", 4, "learn.nb_fit_trans", "anyelement, float8[]", "lab, ARRAY[x1, x2]"),
    ("svm", 5, "learn.svm_fit_trans", "anyelement, float8[]", "flag, ARRAY[x1, x2]"),
    ("kmeans", 6, "learn.kmeans_fit_trans", "float8[], jsonb", "ARRAY[x1, x2], '{\"k\": 2, \"n_init\": 2}'::jsonb"),
    ("kmeans_step", 7, "learn.kmeans_step_trans", "float8[], bytea", "ARRAY[x1, x2], (SELECT m FROM fz_models WHERE name = 'kmeans')"),
    ("logreg_step", 8, "learn.logreg_step_trans", "anyelement, float8[], bytea", "lab, ARRAY[x1, x2], (SELECT m FROM fz_models WHERE name = 'logreg_multi')"),
    ("svm_step", 9, "learn.svm_step_trans", "anyelement, float8[], bytea", "flag, ARRAY[x1, x2], (SELECT m FROM fz_models WHERE name = 'svm_binary')"),
    ("linreg_options", 0, "learn.linreg_fit_trans", "float8, float8[], jsonb",
     "y, ARRAY[x1, x2], '{\"intercept\": false, \"lambda\": 0.5, \"feature_names\": [\"a\", \"b\"], \"target\": \"t\"}'::jsonb"),
    ("logreg_options", 2, "learn.logreg_fit_trans", "anyelement, float8[], jsonb",
     "lab, ARRAY[x1, x2], '{\"class_weight\": {\"red\": 2, \"blue\": 0.5}, \"max_iter\": 20, \"tol\": 1e-6}'::jsonb"),
    ("fit_columns", 10, "learn.fit_columns_trans", "integer, jsonb, VARIADIC \"any\"", "1, '{}'::jsonb, y, x1, x2"),
]


# selectors of pairs whose final function iterates (fuzz_state.c pairs[])
ITERATIVE = {2, 5, 6, 7, 8, 9}


def write(harness, name, data):
    d = os.path.join(CORPUS, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(data))


def sections(model):
    """The (tag, payload) sections of a model's bytes."""
    pos, out = 16, []
    while pos < len(model) - 4:
        tag, _, n = struct.unpack_from("<HHI", model, pos)
        out.append((tag, model[pos + 8:pos + 8 + n]))
        pos += 8 + n
    return out


def frame(sel, a, b=b""):
    return bytes([sel]) + struct.pack("<I", len(a)) + a + b


def main():
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_learn")
    cur.execute(SETUP)
    cur.execute("DROP TABLE IF EXISTS fz_models; CREATE TABLE fz_models (name text, m bytea)")
    for name, sql in MODELS:
        cur.execute("INSERT INTO fz_models SELECT %s, (" + sql + ")", (name,))
    for name, algo, target, feats, opts in TRAINED:
        cur.execute(f"SELECT * FROM learn.train(%s, %s, 'SELECT * FROM fz', {target}, {feats}, {opts})",
                    (name, algo))
        cur.execute("INSERT INTO fz_models SELECT %s, learn.model(%s)", (name, name))
    cur.execute("SELECT name, m FROM fz_models ORDER BY name")
    models = {n: bytes(m) for n, m in cur.fetchall()}
    for n, m in models.items():
        write("fuzz_model", n, m)
        for tag, payload in sections(m):
            if tag == 4:
                write("fuzz_pipeline", n, payload)
    # edge variants of one model: truncated, empty, header only, flipped byte
    m = models["logreg_multi"]
    write("fuzz_model", "edge_truncated", m[:len(m) // 2])
    write("fuzz_model", "edge_header_only", m[:16])
    write("fuzz_model", "edge_empty", b"")
    write("fuzz_model", "edge_flipped", m[:20] + bytes([m[20] ^ 0xFF]) + m[21:])
    p = next(payload for tag, payload in sections(models["train_linreg_pipeline"]) if tag == 4)
    write("fuzz_pipeline", "edge_truncated", p[:len(p) // 2])
    write("fuzz_pipeline", "edge_empty", b"")

    for name, sel, sfunc, argtypes, args in STATES:
        cur.execute(f"CREATE AGGREGATE pg_temp.st_{name}({argtypes}) (SFUNC = {sfunc}, STYPE = bytea)")
        cur.execute(f"SELECT pg_temp.st_{name}({args}) FROM fz WHERE i <= 10")
        a = bytes(cur.fetchone()[0])
        cur.execute(f"SELECT pg_temp.st_{name}({args}) FROM fz WHERE i > 10 AND i <= 20")
        b = bytes(cur.fetchone()[0])
        # fuzz_fit runs the final functions that iterate (fuzz_state.c RUN_FINAL)
        for harness in ["fuzz_state"] + (["fuzz_fit"] if sel in ITERATIVE else []):
            write(harness, name, frame(sel, a, b))
            write(harness, name + "_single", frame(sel, a))
            write(harness, name + "_truncated", frame(sel, a[:len(a) - 8], b[:60]))
        # the options blob: SQL bytes hold the header from its magic (60 bytes)
        options_len = struct.unpack_from("<I", a, 12)[0]
        if sel < 7 or sel == 10:
            write("fuzz_options", name, a[60:60 + options_len])
    write("fuzz_options", "edge_empty", b"")
    cur.execute("DROP TABLE fz; DROP TABLE fz_models")
    conn.close()


if __name__ == "__main__":
    sys.exit(main())
