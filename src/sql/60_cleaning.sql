-- ---------------------------------------------------------------------------
-- Data cleaning: column quality report, duplicate rows, outliers.
--
-- PL/pgSQL with SECURITY INVOKER (the default), so every table is read (and
-- written) with the caller's privileges, row-level security included.  Every
-- identifier that goes into dynamic SQL is quoted with format('%I') (the
-- relation as schema.name from the catalog), every value is a USING parameter
-- or quoted with format('%L').
-- The functions are PARALLEL UNSAFE: learn.cleaning_columns starts a
-- subtransaction, which no parallel operation allows.
-- ---------------------------------------------------------------------------

-- Columns of a relation, in table order or in the order named, each with the
-- expression to group, sort and compare it by: the column itself, or its text
-- form when its type has no default btree operator class (json, xml, point...),
-- found by letting the parser try (exact, where re-deriving the type cache's
-- rules for domains, arrays, ranges and composites from the catalog is not).
CREATE FUNCTION learn.cleaning_columns(source regclass, names text[] DEFAULT NULL)
    RETURNS TABLE(col_name text, col_type text, col_expr text, by_text boolean)
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    relname text;
    kind "char";
    wanted text[] := '{}';
    n text;
    att record;
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT format('%I.%I', ns.nspname, c.relname), c.relname, c.relkind INTO rel, relname, kind
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE c.oid = source;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', source::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION '"%" is not a table, view, materialized view or foreign table', relname
            USING ERRCODE = 'wrong_object_type';
    END IF;

    IF names IS NULL THEN
        SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}') INTO wanted
        FROM pg_attribute a
        WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped;
    ELSE
        IF cardinality(names) = 0 THEN
            RAISE EXCEPTION 'the list of columns is empty'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass NULL to use every column.';
        END IF;
        FOREACH n IN ARRAY names LOOP
            IF n IS NULL THEN
                RAISE EXCEPTION 'column names must not be NULL' USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = source AND a.attname = n
                             AND a.attnum > 0 AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'column "%" of relation "%" does not exist', n, relname
                    USING ERRCODE = 'undefined_column';
            END IF;
            IF n = ANY (wanted) THEN
                RAISE EXCEPTION 'column "%" is named more than once', n
                    USING ERRCODE = 'duplicate_column';
            END IF;
            wanted := wanted || n;
        END LOOP;
    END IF;

    FOR att IN
        SELECT a.attname::text AS aname, format_type(a.atttypid, a.atttypmod) AS atype
        FROM unnest(wanted) WITH ORDINALITY AS w(wname, pos)
        JOIN pg_attribute a ON a.attrelid = source AND a.attname = w.wname
        ORDER BY w.pos
    LOOP
        col_name := att.aname;
        col_type := att.atype;
        by_text := false;
        BEGIN
            EXECUTE format('SELECT %1$I FROM %2$s GROUP BY %1$I ORDER BY %1$I LIMIT 0', att.aname, rel);
        EXCEPTION WHEN undefined_function THEN  -- "could not identify an equality/ordering operator"
            by_text := true;
        END;
        col_expr := CASE WHEN by_text THEN format('(%I)::text', att.aname) ELSE format('%I', att.aname) END;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION learn.cleaning_columns(regclass, text[]) IS
    'internal: columns of a relation (all, or the named ones; unknown name: SQLSTATE 42703) with the expression the cleaning functions group and compare them by';

-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.data_quality(
    source regclass,
    near_constant_share float8 DEFAULT 0.99,
    mostly_null_share float8 DEFAULT 0.5)
    RETURNS TABLE(column_name text, data_type text, rows bigint, nulls bigint,
                  null_share float8, distinct_values bigint, top_value text,
                  top_share float8, issues text[])
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    col record;
    top_rows bigint;
BEGIN
    IF near_constant_share IS NULL OR NOT (near_constant_share > 0 AND near_constant_share <= 1) THEN
        RAISE EXCEPTION 'near_constant_share must be in (0, 1], not %', coalesce(near_constant_share::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mostly_null_share IS NULL OR NOT (mostly_null_share > 0 AND mostly_null_share <= 1) THEN
        RAISE EXCEPTION 'mostly_null_share must be in (0, 1], not %', coalesce(mostly_null_share::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT format('%I.%I', ns.nspname, c.relname) INTO rel
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = source;
    FOR col IN SELECT * FROM learn.cleaning_columns(source) LOOP
        -- one scan: the count of every value (count(v) is 0 only for the NULL group)
        EXECUTE format($q$
            WITH g AS MATERIALIZED (SELECT %1$s AS v, count(*) AS n, count(%1$s) AS nn
                                    FROM %2$s GROUP BY 1)
            SELECT coalesce(sum(n), 0)::bigint,
                   coalesce(sum(n) - sum(nn), 0)::bigint,
                   count(*) FILTER (WHERE nn > 0),
                   max(nn),
                   (SELECT v::text FROM g WHERE nn > 0 ORDER BY n DESC, v LIMIT 1)
            FROM g$q$, col.col_expr, rel)
        INTO rows, nulls, distinct_values, top_rows, top_value;

        column_name := col.col_name;
        data_type := col.col_type;
        null_share := CASE WHEN rows > 0 THEN nulls::float8 / rows END;
        top_share := CASE WHEN rows > nulls THEN top_rows::float8 / (rows - nulls) END;
        issues := '{}';
        IF rows > 0 AND nulls = rows THEN
            issues := issues || 'all_null'::text;
        END IF;
        IF null_share >= mostly_null_share THEN
            issues := issues || 'mostly_null'::text;
        END IF;
        IF distinct_values = 1 THEN
            issues := issues || 'constant'::text;
        END IF;
        IF top_share >= near_constant_share THEN
            issues := issues || 'near_constant'::text;
        END IF;
        IF distinct_values > 1 AND distinct_values = rows - nulls THEN
            issues := issues || 'unique'::text;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION learn.data_quality(regclass, float8, float8) IS
    'one row per column of a table or view: rows, NULLs, distinct values, most frequent value and issues (all_null, mostly_null, constant, near_constant, unique)';

-- ---------------------------------------------------------------------------

-- The result type of learn.find_duplicates.  PL/pgSQL cannot have an OUT
-- column named like an input parameter (both are "key"), so the function
-- returns this type instead of RETURNS TABLE.
CREATE TYPE learn.duplicate_group AS (key jsonb, copies bigint);
COMMENT ON TYPE learn.duplicate_group IS
    'a group of duplicate rows found by learn.find_duplicates: the shared key columns as jsonb and the number of rows';

CREATE FUNCTION learn.find_duplicates(source regclass, key text[] DEFAULT NULL)
    RETURNS SETOF learn.duplicate_group
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    groups text[];
    pairs text[];
    objects text[] := '{}';
BEGIN
    SELECT array_agg(c.col_expr),
           array_agg(format('%L, to_jsonb(%s)', c.col_name,
                            CASE WHEN c.by_text THEN format('(%s)::%s', c.col_expr, c.col_type)
                                 ELSE c.col_expr END))
    INTO groups, pairs
    FROM learn.cleaning_columns(source, key) c;
    SELECT format('%I.%I', ns.nspname, c.relname) INTO rel
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = source;

    -- jsonb_build_object takes at most 100 arguments: 50 columns per call
    FOR i IN 0 .. (coalesce(cardinality(pairs), 0) - 1) / 50 LOOP
        objects := objects || format('jsonb_build_object(%s)', array_to_string(pairs[i * 50 + 1 : i * 50 + 50], ', '));
    END LOOP;

    RETURN QUERY EXECUTE format(
        'SELECT %s, count(*) FROM %s GROUP BY %s HAVING count(*) > 1 ORDER BY 2 DESC%s',
        coalesce(array_to_string(objects, ' || '), '''{}''::jsonb'),
        rel,
        coalesce(array_to_string(groups, ', '), '()'),
        coalesce(', ' || array_to_string(groups, ', '), ''));
END
$$;
COMMENT ON FUNCTION learn.find_duplicates(regclass, text[]) IS
    'groups of rows of a table or view that share the key columns (default: all columns; NULLs count as equal) and occur more than once, most copies first';

-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.remove_duplicates(source regclass, key text[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    relname text;
    kind "char";
    groups text;
    deleted bigint;
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT format('%I.%I', ns.nspname, c.relname), c.relname, c.relkind INTO rel, relname, kind
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = source;
    IF FOUND AND kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'cannot remove duplicates from "%": it is not a table', relname
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('"%s" is a %s.', relname,
                                  CASE kind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                                            WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence'
                                            WHEN 'i' THEN 'index' WHEN 'I' THEN 'partitioned index'
                                            WHEN 'c' THEN 'composite type' WHEN 't' THEN 'TOAST table'
                                            ELSE 'relation of kind ' || kind::text END),
                  HINT = 'Remove the duplicates from the table it reads.';
    END IF;
    SELECT string_agg(c.col_expr, ', ') INTO groups FROM learn.cleaning_columns(source, key) c;

    -- No other session may change the table between reading the groups and
    -- deleting (a concurrent delete of the row kept would lose the group).
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', rel);
    -- tableoid with ctid: rows of different partitions or child tables can share a ctid
    EXECUTE format($q$
        DELETE FROM %1$s AS t
        USING (SELECT tableoid AS o, ctid AS c,
                      row_number() OVER (%2$s ORDER BY ctid, tableoid) AS r
               FROM %1$s) AS d
        WHERE d.r > 1 AND t.tableoid = d.o AND t.ctid = d.c$q$,
        rel, coalesce('PARTITION BY ' || groups, ''));
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;
COMMENT ON FUNCTION learn.remove_duplicates(regclass, text[]) IS
    'deletes all but one row (the smallest ctid) of each group of rows sharing the key columns (default: all columns; NULLs count as equal); returns the number of rows deleted';

-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.outliers(
    source regclass,
    column_name text,
    method text DEFAULT 'iqr',
    threshold float8 DEFAULT NULL)
    RETURNS TABLE(row_data jsonb, value float8, score float8)
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    relname text;
    typ oid;
    k float8 := threshold;
    finite bigint;
    q float8[];
    mean float8;
    sd float8;
    scored text;
BEGIN
    IF method IS NULL OR method NOT IN ('iqr', 'zscore') THEN
        RAISE EXCEPTION 'unknown outlier method "%"', coalesce(method, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''iqr'' or ''zscore''.';
    END IF;
    k := coalesce(k, CASE method WHEN 'iqr' THEN 1.5 ELSE 3 END);
    IF NOT (k >= 0 AND k < 'Infinity') THEN
        RAISE EXCEPTION 'threshold must be a finite number >= 0, not %', k
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF column_name IS NULL THEN
        RAISE EXCEPTION 'column_name must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM learn.cleaning_columns(source, ARRAY[column_name]);   -- the relation and column exist

    SELECT format('%I.%I', ns.nspname, c.relname), c.relname, a.atttypid INTO rel, relname, typ
    FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = outliers.column_name
    WHERE c.oid = source;
    WHILE (SELECT t.typtype FROM pg_type t WHERE t.oid = typ) = 'd' LOOP   -- domains: their base type
        SELECT t.typbasetype INTO typ FROM pg_type t WHERE t.oid = typ;
    END LOOP;
    IF typ NOT IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype,
                   'float4'::regtype, 'float8'::regtype, 'numeric'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation "%" is not numeric: it has type %',
                        column_name, relname, format_type(typ, NULL)
            USING ERRCODE = 'datatype_mismatch';
    END IF;

    -- reference statistics over the finite values (NULL and NaN are not values)
    EXECUTE format($q$
        SELECT count(*), percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY v),
               avg(v), stddev_pop(v)
        FROM (SELECT (%1$I)::float8 AS v FROM %2$s) s
        WHERE v NOT IN ('Infinity', '-Infinity', 'NaN')$q$, column_name, rel)
    INTO finite, q, mean, sd;
    IF finite = 0 THEN
        RETURN;
    END IF;

    IF method = 'iqr' THEN
        -- Tukey's fences; with IQR 0 any value off the box is infinitely far
        scored := $s$CASE WHEN x.v > $2 + $1 * ($2 - $3) THEN
                              CASE WHEN $2 > $3 THEN (x.v - ($2 + $1 * ($2 - $3))) / ($2 - $3) ELSE 'Infinity' END
                          WHEN x.v < $3 - $1 * ($2 - $3) THEN
                              CASE WHEN $2 > $3 THEN (($3 - $1 * ($2 - $3)) - x.v) / ($2 - $3) ELSE 'Infinity' END
                     END$s$;
    ELSE
        -- signed z-score; with sd 0 only an infinite value is off the mean
        scored := $s$CASE WHEN $5 > 0 THEN (x.v - $4) / $5
                          WHEN x.v > $4 THEN 'Infinity'::float8 WHEN x.v < $4 THEN '-Infinity'::float8
                          ELSE 0 END$s$;
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT to_jsonb(s.*), o.v, o.score
        FROM %2$s AS s,
             LATERAL (SELECT (s.%1$I)::float8 AS v) x,
             LATERAL (SELECT x.v, (%3$s)::float8 AS score) o
        WHERE x.v <> 'NaN' AND o.score IS NOT NULL AND abs(o.score) > %4$s
        ORDER BY abs(o.score) DESC, o.v, 1$q$,
        column_name, rel, scored,
        CASE method WHEN 'iqr' THEN '0' ELSE '$1' END)
    USING k, q[2], q[1], mean, sd;
END
$$;
COMMENT ON FUNCTION learn.outliers(regclass, text, text, float8) IS
    'rows whose numeric column is an outlier: method iqr (outside Tukey''s fences Q1 - k*IQR, Q3 + k*IQR, k default 1.5; score in IQR units beyond the fence) or zscore (|z| > threshold, default 3, population sd; score the z-score)';
