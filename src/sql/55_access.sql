-- ---------------------------------------------------------------------------
-- Access control (docs/security.md).  A model belongs to the role that first
-- trained its name (learn.model_names.owner); that role, its members and
-- superusers add versions, deploy, delete and grant.  Other roles see and
-- use a model only through learn.model_grants.
--
-- Row-level security guards direct access to the tables, for roles given
-- table privileges; the functions check the same rules themselves and
-- raise 42501 with a clear message.  The tables' owner (the superuser who
-- created the extension) is not subject to the policies.  Policies are
-- parsed here, so their operators are fixed whatever the caller's
-- search_path; learn.acts_as is written in C for the same reason.
-- ---------------------------------------------------------------------------

ALTER TABLE learn.models ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.deployments ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.model_names ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.model_grants ENABLE ROW LEVEL SECURITY;

-- versions: seen by the owner and by "read" grantees
CREATE POLICY models_select ON learn.models FOR SELECT
    USING (learn.acts_as(owner)
           OR EXISTS (SELECT 1 FROM learn.model_grants g
                      WHERE g.name = models.name AND g.privilege = 'read'
                        AND (g.grantee = 'public' OR learn.acts_as(g.grantee))));
CREATE POLICY models_insert ON learn.models FOR INSERT
    WITH CHECK (learn.acts_as(owner));
-- updates and deletes of visible rows reach the trigger learn.protect_registry,
-- which refuses a non-owner with a clear error instead of skipping the row
CREATE POLICY models_update ON learn.models FOR UPDATE
    USING (true) WITH CHECK (learn.acts_as(owner));
CREATE POLICY models_delete ON learn.models FOR DELETE
    USING (true);

-- deployment history: seen by the owner and every grantee; written by the owner
CREATE POLICY deployments_select ON learn.deployments FOR SELECT
    USING (EXISTS (SELECT 1 FROM learn.model_names n
                   WHERE n.name = deployments.name AND learn.acts_as(n.owner))
           OR EXISTS (SELECT 1 FROM learn.model_grants g
                      WHERE g.name = deployments.name
                        AND (g.grantee = 'public' OR learn.acts_as(g.grantee))));
CREATE POLICY deployments_insert ON learn.deployments FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM learn.model_names n
                        WHERE n.name = deployments.name AND learn.acts_as(n.owner)));

-- names and their owners are public (as the names of tables are); a name
-- is registered for, and its version counter moved by, its owner only
CREATE POLICY model_names_select ON learn.model_names FOR SELECT
    USING (true);
CREATE POLICY model_names_insert ON learn.model_names FOR INSERT
    WITH CHECK (learn.acts_as(owner));
CREATE POLICY model_names_update ON learn.model_names FOR UPDATE
    USING (learn.acts_as(owner)) WITH CHECK (learn.acts_as(owner));

-- grants: seen by the model's owner and by the grantee; written by the owner
CREATE POLICY model_grants_select ON learn.model_grants FOR SELECT
    USING (grantee = 'public' OR learn.acts_as(grantee)
           OR EXISTS (SELECT 1 FROM learn.model_names n
                      WHERE n.name = model_grants.name AND learn.acts_as(n.owner)));
CREATE POLICY model_grants_insert ON learn.model_grants FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM learn.model_names n
                        WHERE n.name = model_grants.name AND learn.acts_as(n.owner)));
CREATE POLICY model_grants_delete ON learn.model_grants FOR DELETE
    USING (EXISTS (SELECT 1 FROM learn.model_names n
                   WHERE n.name = model_grants.name AND learn.acts_as(n.owner)));

-- The policies of learn.models and learn.deployments read these two tables
-- with the caller's privileges: every role with USAGE on the schema may
-- read them (the policies above filter the rows), and the grant functions
-- write learn.model_grants.  Schema USAGE stays the administrator's choice.
GRANT SELECT ON learn.model_names TO PUBLIC;
GRANT SELECT, INSERT, DELETE ON learn.model_grants TO PUBLIC;

-- The owner of model name, after checking that the caller may act as it.
CREATE FUNCTION learn.check_model_owner(name text, action text) RETURNS name
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o name;
BEGIN
    SELECT n.owner INTO o FROM learn.model_names n WHERE n.name = check_model_owner.name;
    IF o IS NULL THEN
        RAISE EXCEPTION 'model "%" does not exist', check_model_owner.name
            USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT learn.acts_as(o) THEN
        RAISE EXCEPTION 'permission denied to % model "%"', action, check_model_owner.name
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('The model belongs to role "%s"; only that role, its members and superusers may %s it.',
                                  o, action);
    END IF;
    RETURN o;
END
$$;
COMMENT ON FUNCTION learn.check_model_owner(text, text) IS
    'internal: the owner of a model, after checking that the current user may act as it (42501 otherwise)';

CREATE FUNCTION learn.grant(model text, grantee name, privilege text DEFAULT 'score')
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF model IS NULL OR grantee IS NULL OR privilege IS NULL THEN
        RAISE EXCEPTION 'learn.grant needs a model, a grantee and a privilege'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF privilege NOT IN ('score', 'read') THEN
        RAISE EXCEPTION 'unknown model privilege "%"', privilege
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The privileges are "score" (by name) and "read" (the bytes and metadata, and scoring).';
    END IF;
    PERFORM learn.check_model_owner(model, 'grant privileges on');
    IF grantee <> 'public' AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = grantee) THEN
        RAISE EXCEPTION 'role "%" does not exist', grantee USING ERRCODE = 'undefined_object';
    END IF;
    INSERT INTO learn.model_grants (name, grantee, privilege)
    VALUES (model, grantee, privilege)
    ON CONFLICT DO NOTHING;
END
$$;
COMMENT ON FUNCTION learn.grant(text, name, text) IS
    'let role grantee (or public) score the model by name ("score") or also read its bytes and metadata ("read"); owner only';

CREATE FUNCTION learn.revoke(model text, grantee name, privilege text DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    IF model IS NULL OR grantee IS NULL THEN
        RAISE EXCEPTION 'learn.revoke needs a model and a grantee'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF privilege IS NOT NULL AND privilege NOT IN ('score', 'read') THEN
        RAISE EXCEPTION 'unknown model privilege "%"', privilege
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM learn.check_model_owner(model, 'revoke privileges on');
    DELETE FROM learn.model_grants g
    WHERE g.name = model AND g.grantee = revoke.grantee
      AND (revoke.privilege IS NULL OR g.privilege = revoke.privilege);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION learn.revoke(text, name, text) IS
    'take back privileges granted with learn.grant (all of the grantee''s when privilege is NULL); returns how many were removed; owner only';
