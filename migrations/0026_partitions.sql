-- The large record types are partitioned by month of their time (UTC): a detection window or a
-- presence question reads only its months' partitions (partition pruning), each with its own smaller
-- indexes, and old months can be detached and archived whole (`probity retention`). Keys already hold
-- the time, as a partitioned table's keys must. Each table keeps a DEFAULT partition for rows of a month
-- that has no partition yet; the importer makes the months it is about to write first
-- (probity_ensure_month_partitions), moving any of their rows out of the default.

-- Makes the monthly partition of each month given (as its first instant, UTC) that is missing.
CREATE FUNCTION probity_ensure_month_partitions(tbl text, col text, months timestamptz[])
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
  part text;
  made integer := 0;
BEGIN
  FOREACH m IN ARRAY months LOOP
    part := format('%s_y%sm%s', tbl, to_char(m AT TIME ZONE 'UTC', 'YYYY'), to_char(m AT TIME ZONE 'UTC', 'MM'));
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    -- Rows of that month in the default partition move into the new one, which is then attached.
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, tbl);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
      tbl || '_default', col, col, part) USING m, m + interval '1 month';
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
      tbl, part, m, m + interval '1 month');
    made := made + 1;
  END LOOP;
  RETURN made;
END;
$$;

-- Replaces a table by one partitioned by month of `col`, with the same columns, checks, keys, indexes
-- and foreign keys (under the same names), its rows in monthly partitions.
CREATE FUNCTION probity_partition_by_month(tbl text, col text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  old text := tbl || '_unpartitioned';
  keys text[];
  indexes text[];
  def text;
  months timestamptz[];
BEGIN
  EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, old);
  -- Keys, foreign keys and other indexes as they are defined now, made again once the old table is gone.
  SELECT coalesce(array_agg(format('ALTER TABLE %I ADD CONSTRAINT %I %s', tbl, conname, pg_get_constraintdef(oid))
                            ORDER BY contype DESC, conname), '{}')
    INTO keys FROM pg_constraint WHERE conrelid = old::regclass AND contype IN ('p', 'u', 'f');
  SELECT coalesce(array_agg(replace(pg_get_indexdef(i.indexrelid), format(' ON public.%s ', old), format(' ON public.%s ', tbl))), '{}')
    INTO indexes FROM pg_index i
   WHERE i.indrelid = old::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = old::regclass);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (%I)', tbl, old, col);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  EXECUTE format('SELECT coalesce(array_agg(DISTINCT date_trunc(''month'', %I, ''UTC'')), ''{}'') FROM %I', col, old)
    INTO months;
  PERFORM probity_ensure_month_partitions(tbl, col, months);
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', tbl, old);
  EXECUTE format('DROP TABLE %I', old);
  FOREACH def IN ARRAY keys LOOP EXECUTE def; END LOOP;
  FOREACH def IN ARRAY indexes LOOP EXECUTE def; END LOOP;
END;
$$;

SELECT probity_partition_by_month('presence', 'start_at');
SELECT probity_partition_by_month('rosters', 'start_at');
SELECT probity_partition_by_month('record_access', 'at');
SELECT probity_partition_by_month('calls', 'start_at');
SELECT probity_partition_by_month('visits', 'start_at');
SELECT probity_partition_by_month('money', 'at');
