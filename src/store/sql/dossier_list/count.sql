-- How many candidate ids the inner query yields, counting no further than :cap.
SELECT count(*) FROM (SELECT 1 FROM ({ids}) LIMIT :cap)
