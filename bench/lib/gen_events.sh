# gen_events.sh — sourced by bench/store and bench/serve: gen_sql sqlite|pg
# prints SQL that fills dyad's events table with $EVENTS synthetic events
# (40 actors, 10 years from 2015, 12 CAMEO codes with their quad classes and
# Goldstein weights), drops and rebuilds the event indexes around the bulk
# insert, and fills actor_codes.  Feed it to sqlite3 or psql.
gen_sql() { # $1: sqlite or pg
  codes="'USA','RUS','BLR','CHN','UKR','DEU','FRA','GBR','POL','TUR','IRN','ISR','IND','PAK','JPN','KOR','PRK','SYR','IRQ','AFG','EGY','SAU','ARE','QAT','BRA','MEX','VEN','CUB','CAN','AUS','ITA','ESP','SWE','FIN','NOR','KAZ','ARM','AZE','GEO','MDA'"
  if [ "$1" = sqlite ]; then
    cat <<SQL
DROP INDEX events_dyad; DROP INDEX events_target; DROP INDEX events_date;
CREATE TEMP TABLE a(k INTEGER PRIMARY KEY, c TEXT);
INSERT INTO a(k, c) SELECT key, value FROM json_each('[$(echo $codes | tr "'" '"')]');
CREATE TEMP TABLE v(k INTEGER PRIMARY KEY, c TEXT, q INTEGER, g REAL);
INSERT INTO v VALUES (0,'010',1,0),(1,'036',1,4),(2,'042',1,1.9),(3,'051',1,3.4),(4,'061',2,6.4),(5,'071',2,7.4),
  (6,'111',3,-2),(7,'112',3,-2),(8,'130',3,-4.4),(9,'173',4,-5),(10,'190',4,-10),(11,'193',4,-10);
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $EVENTS - 1)
INSERT INTO events (article, idx, sentence, date, story, source, target, code, root, quad, goldstein)
SELECT printf('g%09d', i / 8), i % 8, 0, date('2015-01-01', '+' || ((i * 2654435761) % 3650) || ' days'),
  printf('g%09d', i / 8), (SELECT c FROM a WHERE k = (i * 7) % 40), (SELECT c FROM a WHERE k = ((i / 40) * 13 + 1) % 40),
  v.c, substr(v.c, 1, 2), v.q, v.g FROM c JOIN v ON v.k = i % 12;
COMMIT;
CREATE INDEX events_dyad ON events(source, target, date, quad, goldstein); CREATE INDEX events_target ON events(target, date);
CREATE INDEX events_date ON events(date);
INSERT OR IGNORE INTO actor_codes SELECT source FROM events UNION SELECT target FROM events WHERE target IS NOT NULL;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  else
    cat <<SQL
SET session_replication_role = replica;
DROP INDEX events_dyad; DROP INDEX events_target; DROP INDEX events_date;
INSERT INTO events (article, idx, sentence, date, story, source, target, code, root, quad, goldstein)
SELECT 'g' || lpad((i / 8)::text, 9, '0'), i % 8, 0, to_char(date '2015-01-01' + ((i::bigint * 2654435761) % 3650)::int, 'YYYY-MM-DD'),
  'g' || lpad((i / 8)::text, 9, '0'), (ARRAY[$codes])[(i * 7) % 40 + 1], (ARRAY[$codes])[((i / 40) * 13 + 1) % 40 + 1],
  (ARRAY['010','036','042','051','061','071','111','112','130','173','190','193'])[i % 12 + 1],
  substr((ARRAY['010','036','042','051','061','071','111','112','130','173','190','193'])[i % 12 + 1], 1, 2),
  (ARRAY[1,1,1,1,2,2,3,3,3,4,4,4])[i % 12 + 1], (ARRAY[0,4,1.9,3.4,6.4,7.4,-2,-2,-4.4,-5,-10,-10])[i % 12 + 1]
FROM generate_series(0, $EVENTS - 1) AS i;
CREATE INDEX events_dyad ON events(source, target, date, quad, goldstein); CREATE INDEX events_target ON events(target, date);
CREATE INDEX events_date ON events(date);
INSERT INTO actor_codes SELECT source FROM events UNION SELECT target FROM events WHERE target IS NOT NULL
  ON CONFLICT DO NOTHING;
ANALYZE events;
SQL
  fi
}
