-- The imported records: one table per record type of the dataset format (shared/spec/dataset-format.md).
-- Column names follow the format, except that SQL keywords get a suffix: start -> start_at, from -> from_at.
-- `*_norm` columns hold the normalised form used for matching; the original stays beside it.

CREATE TABLE establishments (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('prison', 'probation_region', 'ccu')),
  category text,
  timezone text NOT NULL DEFAULT 'Europe/London'
);

CREATE TABLE locations (
  code text PRIMARY KEY,
  establishment text NOT NULL REFERENCES establishments (code),
  parent text REFERENCES locations (code) DEFERRABLE INITIALLY DEFERRED,
  kind text NOT NULL CHECK (kind IN ('wing', 'landing', 'cell', 'room', 'workshop', 'visits', 'healthcare', 'gate', 'office', 'yard', 'other')),
  capacity integer CHECK (capacity >= 0),
  description text,
  CHECK (code LIKE establishment || '-%'),
  CHECK (parent IS NULL OR code LIKE parent || '-%')
);
CREATE INDEX locations_establishment ON locations (establishment, kind);
CREATE INDEX locations_parent ON locations (parent);

CREATE TABLE staff (
  staff_id text PRIMARY KEY CHECK (staff_id ~ '^[A-Za-z0-9_-]{1,20}$'),
  first_name text NOT NULL,
  last_name text NOT NULL,
  name_norm text NOT NULL,
  date_of_birth date,
  role text NOT NULL CHECK (role IN ('officer', 'senior_officer', 'custodial_manager', 'governor', 'probation_officer', 'probation_manager', 'healthcare', 'chaplaincy', 'education', 'operational_support', 'contractor', 'other')),
  establishment text NOT NULL REFERENCES establishments (code),
  start_date date NOT NULL,
  end_date date,
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX staff_establishment ON staff (establishment, role);
CREATE INDEX staff_name_norm ON staff (name_norm);

CREATE TABLE staff_identifiers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff (staff_id),
  kind text NOT NULL CHECK (kind IN ('phone', 'address', 'email', 'vehicle', 'social', 'bank')),
  value text NOT NULL,
  value_norm text NOT NULL,
  valid_from date,
  valid_to date,
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
  CONSTRAINT staff_identifiers_key UNIQUE NULLS NOT DISTINCT (staff_id, kind, value, valid_from, valid_to)
);
CREATE INDEX staff_identifiers_value ON staff_identifiers (kind, value_norm);

CREATE TABLE vetting (
  staff_id text NOT NULL REFERENCES staff (staff_id),
  level text NOT NULL CHECK (level IN ('none', 'ctc', 'sc', 'dv')),
  granted date NOT NULL,
  expires date,
  CHECK (expires IS NULL OR expires >= granted),
  PRIMARY KEY (staff_id, granted)
);

CREATE TABLE training (
  staff_id text NOT NULL REFERENCES staff (staff_id),
  course text NOT NULL,
  completed date NOT NULL,
  expires date,
  CHECK (expires IS NULL OR expires >= completed),
  PRIMARY KEY (staff_id, course, completed)
);

CREATE TABLE declarations (
  staff_id text NOT NULL REFERENCES staff (staff_id),
  declared_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('relationship', 'association', 'secondary_employment', 'gift', 'other')),
  subject text,
  details text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('pending', 'approved', 'restricted', 'refused')),
  PRIMARY KEY (staff_id, declared_at, kind)
);
CREATE INDEX declarations_subject ON declarations (subject);

CREATE TABLE prisoners (
  prison_number text PRIMARY KEY CHECK (prison_number ~ '^[A-Z][0-9]{4}[A-Z]{2}$'),
  first_name text NOT NULL,
  last_name text NOT NULL,
  name_norm text NOT NULL,
  date_of_birth date NOT NULL,
  establishment text NOT NULL REFERENCES establishments (code),
  reception_date date NOT NULL,
  release_date date,
  CHECK (release_date IS NULL OR release_date >= reception_date)
);
CREATE INDEX prisoners_establishment ON prisoners (establishment);
CREATE INDEX prisoners_name_norm ON prisoners (name_norm);

CREATE TABLE cell_allocations (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  location text NOT NULL REFERENCES locations (code),
  from_at timestamptz NOT NULL,
  to_at timestamptz,
  CHECK (to_at IS NULL OR to_at > from_at),
  PRIMARY KEY (prison_number, from_at)
);
CREATE INDEX cell_allocations_location ON cell_allocations (location, from_at);

CREATE TABLE movements (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  at timestamptz NOT NULL,
  from_location text REFERENCES locations (code),
  to_location text REFERENCES locations (code),
  reason text NOT NULL CHECK (reason IN ('activity', 'visit', 'healthcare', 'legal', 'court', 'transfer', 'release', 'reception', 'other')),
  PRIMARY KEY (prison_number, at)
);
CREATE INDEX movements_to_location ON movements (to_location, at);

CREATE TABLE people_on_probation (
  crn text PRIMARY KEY CHECK (crn ~ '^[A-Z][0-9]{6}$'),
  first_name text NOT NULL,
  last_name text NOT NULL,
  name_norm text NOT NULL,
  date_of_birth date NOT NULL,
  region text NOT NULL REFERENCES establishments (code),
  supervising_staff_id text NOT NULL REFERENCES staff (staff_id),
  licence_start date NOT NULL,
  licence_end date,
  address text,
  address_norm text,
  phone text,
  CHECK (licence_end IS NULL OR licence_end >= licence_start)
);
CREATE INDEX people_on_probation_region ON people_on_probation (region);
CREATE INDEX people_on_probation_supervisor ON people_on_probation (supervising_staff_id);
CREATE INDEX people_on_probation_phone ON people_on_probation (phone);
CREATE INDEX people_on_probation_address ON people_on_probation (address_norm);

CREATE TABLE assignments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff (staff_id),
  prison_number text REFERENCES prisoners (prison_number),
  crn text REFERENCES people_on_probation (crn),
  kind text NOT NULL CHECK (kind IN ('key_worker', 'personal_officer', 'offender_manager', 'healthcare', 'chaplain', 'education', 'other')),
  from_date date NOT NULL,
  to_date date,
  CHECK ((prison_number IS NULL) <> (crn IS NULL)),
  CHECK (to_date IS NULL OR to_date >= from_date),
  CONSTRAINT assignments_key UNIQUE NULLS NOT DISTINCT (staff_id, prison_number, crn, kind, from_date)
);
CREATE INDEX assignments_prisoner ON assignments (prison_number) WHERE prison_number IS NOT NULL;
CREATE INDEX assignments_crn ON assignments (crn) WHERE crn IS NOT NULL;

CREATE TABLE rosters (
  staff_id text NOT NULL REFERENCES staff (staff_id),
  establishment text NOT NULL REFERENCES establishments (code),
  post text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('planned', 'overtime', 'swap', 'detached')),
  CHECK (end_at > start_at),
  PRIMARY KEY (staff_id, start_at)
);
CREATE INDEX rosters_establishment_time ON rosters (establishment, start_at);

CREATE TABLE presence (
  subject_type text NOT NULL CHECK (subject_type IN ('staff', 'prisoner')),
  subject_id text NOT NULL,
  location text NOT NULL REFERENCES locations (code),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('door', 'keysafe', 'bwv', 'movement', 'manual')),
  CHECK (end_at > start_at),
  PRIMARY KEY (subject_type, subject_id, start_at, location)
);
CREATE INDEX presence_location_time ON presence (location, start_at);

CREATE TABLE record_access (
  staff_id text NOT NULL REFERENCES staff (staff_id),
  subject text NOT NULL,
  at timestamptz NOT NULL,
  system text NOT NULL CHECK (system IN ('nomis', 'delius', 'other')),
  record text NOT NULL CHECK (record IN ('addresses', 'contacts', 'release', 'sentence', 'case_notes', 'finance', 'other')),
  action text NOT NULL CHECK (action IN ('view', 'search', 'export', 'edit')),
  CHECK (subject ~ '^(prisoner:[A-Z][0-9]{4}[A-Z]{2}|pop:[A-Z][0-9]{6})$'),
  CONSTRAINT record_access_key UNIQUE (staff_id, subject, at, system, record, action)
);
CREATE INDEX record_access_subject ON record_access (subject, at);
CREATE INDEX record_access_staff ON record_access (staff_id, at);

CREATE TABLE prisoner_contacts (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  name text NOT NULL,
  name_norm text NOT NULL,
  relationship text NOT NULL,
  phone text,
  address text,
  address_norm text,
  approved boolean NOT NULL,
  PRIMARY KEY (prison_number, name)
);
CREATE INDEX prisoner_contacts_phone ON prisoner_contacts (phone);
CREATE INDEX prisoner_contacts_address ON prisoner_contacts (address_norm);

CREATE TABLE calls (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  number text NOT NULL,
  start_at timestamptz NOT NULL,
  duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
  PRIMARY KEY (prison_number, start_at)
);
CREATE INDEX calls_number ON calls (number, start_at);

CREATE TABLE visits (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  visitor_name text NOT NULL,
  visitor_name_norm text NOT NULL,
  visitor_dob date,
  visitor_address text,
  visitor_address_norm text,
  visitor_phone text,
  relationship text,
  CHECK (end_at > start_at),
  PRIMARY KEY (prison_number, start_at, visitor_name)
);
CREATE INDEX visits_visitor_address ON visits (visitor_address_norm);
CREATE INDEX visits_visitor_phone ON visits (visitor_phone);
CREATE INDEX visits_visitor_name ON visits (visitor_name_norm);

CREATE TABLE correspondence (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  at timestamptz NOT NULL,
  correspondent_name text NOT NULL,
  correspondent_name_norm text NOT NULL,
  correspondent_address text,
  correspondent_address_norm text,
  CONSTRAINT correspondence_key UNIQUE NULLS NOT DISTINCT (prison_number, direction, at, correspondent_name, correspondent_address)
);
CREATE INDEX correspondence_address ON correspondence (correspondent_address_norm);

CREATE TABLE money (
  prison_number text NOT NULL REFERENCES prisoners (prison_number),
  at timestamptz NOT NULL,
  amount_pence integer NOT NULL,
  sender_name text NOT NULL,
  sender_name_norm text NOT NULL,
  sender_address text,
  sender_address_norm text,
  sender_reference text,
  CONSTRAINT money_key UNIQUE NULLS NOT DISTINCT (prison_number, at, amount_pence, sender_name, sender_address, sender_reference)
);
CREATE INDEX money_sender_address ON money (sender_address_norm);
CREATE INDEX money_sender_name ON money (sender_name_norm);

CREATE TABLE finds (
  establishment text NOT NULL REFERENCES establishments (code),
  location text NOT NULL REFERENCES locations (code),
  at timestamptz NOT NULL,
  item text NOT NULL CHECK (item IN ('mobile_phone', 'sim_card', 'drugs', 'weapon', 'alcohol', 'cash', 'other')),
  search text NOT NULL CHECK (search IN ('cell', 'area', 'person', 'staff_entry', 'random', 'intelligence_led')),
  prison_number text REFERENCES prisoners (prison_number),
  CHECK (location LIKE establishment || '-%'),
  CONSTRAINT finds_key UNIQUE NULLS NOT DISTINCT (establishment, location, at, item, search, prison_number)
);
CREATE INDEX finds_establishment_time ON finds (establishment, at);

CREATE TABLE intelligence (
  report_id text PRIMARY KEY,
  establishment text NOT NULL REFERENCES establishments (code),
  submitted_at timestamptz NOT NULL,
  submitted_by text NOT NULL REFERENCES staff (staff_id),
  source_evaluation text NOT NULL CHECK (source_evaluation IN ('1', '2', '3')),
  intelligence_assessment text NOT NULL CHECK (intelligence_assessment IN ('A', 'B', 'C', 'D', 'E')),
  handling_code text NOT NULL CHECK (handling_code IN ('P', 'C')),
  handling_conditions text,
  text text NOT NULL,
  subjects text[] NOT NULL
);
CREATE INDEX intelligence_establishment_time ON intelligence (establishment, submitted_at);
CREATE INDEX intelligence_subjects ON intelligence USING gin (subjects);

CREATE TABLE roll_counts (
  establishment text NOT NULL REFERENCES establishments (code),
  location text NOT NULL REFERENCES locations (code),
  at timestamptz NOT NULL,
  counted integer NOT NULL CHECK (counted >= 0),
  counted_by text NOT NULL REFERENCES staff (staff_id),
  CHECK (location LIKE establishment || '-%'),
  PRIMARY KEY (location, at)
);

CREATE TABLE licence_conditions (
  crn text NOT NULL REFERENCES people_on_probation (crn),
  code text NOT NULL,
  description text NOT NULL,
  from_date date NOT NULL,
  to_date date,
  CHECK (to_date IS NULL OR to_date >= from_date),
  PRIMARY KEY (crn, code, from_date)
);

CREATE TABLE probation_contacts (
  crn text NOT NULL REFERENCES people_on_probation (crn),
  staff_id text NOT NULL REFERENCES staff (staff_id),
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('office', 'home_visit', 'phone', 'video', 'other')),
  address text,
  address_norm text,
  outcome text,
  CHECK (end_at > start_at),
  PRIMARY KEY (crn, staff_id, start_at)
);
CREATE INDEX probation_contacts_staff_time ON probation_contacts (staff_id, start_at);
