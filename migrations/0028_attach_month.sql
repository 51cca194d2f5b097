-- Attaches a month's partition that the importer built apart from its table (a month not yet held,
-- loaded whole): the table's key, indexes and foreign keys are made on it as it is attached, the key and
-- indexes built from its rows at once and the references checked in one pass.
CREATE FUNCTION probity_attach_month_partition(tbl text, part text, m timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
    tbl, part, m, m + interval '1 month');
END;
$$;
