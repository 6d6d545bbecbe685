-- 50,000 rows from a recursive CTE, an index, aggregates, an update and a delete.
CREATE TABLE item(id INTEGER PRIMARY KEY, bucket INTEGER, name TEXT, weight REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO item(id, bucket, name, weight)
  SELECT i, i % 97, printf('item-%06d-%s', i, substr('abcdefghijklmnopqrstuvwxyz', 1 + i % 26)),
         (i * 7919 % 10007) / 10.0
  FROM n;
CREATE INDEX item_bucket ON item(bucket, weight);
SELECT count(*), sum(weight), min(name), max(name) FROM item;
SELECT bucket, count(*), round(avg(weight), 3), max(length(name)) FROM item
  GROUP BY bucket ORDER BY bucket LIMIT 12;
UPDATE item SET name = name || '-' || name WHERE id % 3 = 0;
DELETE FROM item WHERE id % 5 = 0;
SELECT count(*), sum(length(name)), group_concat(id, ',') FILTER (WHERE id < 40) FROM item;
SELECT bucket, total(weight) FROM item WHERE bucket IN (1, 2, 3) GROUP BY bucket;
SELECT name FROM item ORDER BY weight DESC, id LIMIT 5;
