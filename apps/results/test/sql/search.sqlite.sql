-- no filter, registration order
-- count
SELECT COUNT(*) AS total FROM results r WHERE r.valid = ?;
-- params: [true]
-- page
SELECT r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT r.id AS pid, r.id AS sk0 FROM results r  WHERE r.valid = ? ORDER BY sk0 DESC LIMIT ? OFFSET ?) p JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [true,50,0]

-- no filter, one simulation, sorted by a parameter
-- sort: inputs.temperature asc
-- count
SELECT COUNT(*) AS total FROM results r WHERE r.simulation_name = ? AND r.valid = ?;
-- params: ["thermal",true]
-- page
SELECT r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT r.id AS pid, CASE WHEN s.result_id IS NULL OR s.kind = 0 THEN 1 ELSE 0 END AS sk0, CASE WHEN s.num_value IS NULL THEN 1 ELSE 0 END AS sk1, s.num_value AS sk2, s.text_value AS sk3, r.id AS sk4 FROM results r LEFT JOIN result_values s ON s.result_id = r.id AND s.parameter_id = ? WHERE r.simulation_name = ? AND r.valid = ? ORDER BY sk0 ASC, sk1 ASC, sk2 ASC, sk3 ASC, sk4 ASC LIMIT ? OFFSET ?) p JOIN results r ON r.id = p.pid ORDER BY p.sk0 ASC, p.sk1 ASC, p.sk2 ASC, p.sk3 ASC, p.sk4 ASC;
-- params: [1,"thermal",true,50,0]

-- one range
-- filter: inputs.temperature >= 300
-- page
WITH m AS MATERIALIZED (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 1 AND v.num_value >= ?) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [1,true,300,50,0]

-- two conditions on one parameter (one index range)
-- filter: inputs.temperature >= 300 and inputs.temperature < 500
-- page
WITH m AS MATERIALIZED (SELECT s1.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND (v.kind = 1 AND v.num_value >= ?) AND (v.kind = 1 AND v.num_value < ?)) s1) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [1,true,300,500,50,0]

-- three ranges (AND of sets)
-- filter: inputs.temperature >= 300 and inputs.pressure < 2 and outputs.stress > 10
-- page
WITH m AS MATERIALIZED (SELECT s1.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND (v.kind = 1 AND v.num_value >= ?)) s1 INTERSECT SELECT s2.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id IN (?, ?) AND v.valid = ? AND (v.kind = 1 AND v.num_value < ?)) s2 INTERSECT SELECT s3.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND (v.kind = 1 AND v.num_value > ?)) s3) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [1,true,300,2,12,true,2,3,true,10,50,0]

-- OR and IN
-- filter: outputs.converged = true or inputs.mesh in (1, 2) or inputs.label = 'fine'
-- page
WITH m AS MATERIALIZED (SELECT s1.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 3 AND v.num_value = ?) s1 UNION SELECT s2.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id IN (?, ?) AND v.valid = ? AND (v.kind = 1 AND v.num_value IN (?, ?))) s2 UNION SELECT s3.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 2 AND v.text_value = ?) s3) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [1,true,1,2,12,true,1,2,3,true,"fine",50,0]

-- NOT
-- filter: not inputs.temperature = 3
-- page
WITH m AS MATERIALIZED (SELECT s1.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.valid = ?) s1 EXCEPT SELECT s2.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 1 AND v.num_value = ?) s2) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [true,1,true,3,50,0]

-- null and exists
-- filter: outputs.stress is null and inputs.mesh is not null
-- page
WITH m AS MATERIALIZED (SELECT s5.result_id FROM (SELECT s1.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.valid = ?) s1 EXCEPT SELECT s2.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind <> 0) s2) s5 EXCEPT SELECT s6.result_id FROM (SELECT s3.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.valid = ?) s3 EXCEPT SELECT s4.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id IN (?, ?) AND v.valid = ? AND v.kind <> 0) s4) s6) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [true,1,true,true,2,12,true,50,0]

-- result fields
-- filter: status <> 'failed' and duration_seconds > 5
-- page
WITH m AS MATERIALIZED (SELECT s1.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.valid = ? AND r.duration_seconds > ?) s1 EXCEPT SELECT s2.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.valid = ? AND r.status = ?) s2) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [true,5,true,"failed",50,0]

-- a tag (EXISTS on the result, from the tag index)
-- filter: tag.project = "wing-2"
-- page
WITH m AS MATERIALIZED (SELECT tg.result_id FROM result_tags tg WHERE tg.key = ? AND tg.value = ? AND EXISTS (SELECT 1 FROM results r WHERE r.id = tg.result_id AND r.valid = ?)) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: ["project","wing-2",true,50,0]

-- a tag with a parameter, a tag list and an absent tag
-- filter: inputs.temperature >= 300 and tag.campaign in ('spring', 'autumn') and tag.reviewed is null
-- page
WITH m AS MATERIALIZED (SELECT s3.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND (v.kind = 1 AND v.num_value >= ?)) s3 INTERSECT SELECT s4.result_id FROM (SELECT tg.result_id FROM result_tags tg WHERE tg.key = ? AND tg.value IN (?, ?) AND EXISTS (SELECT 1 FROM results r WHERE r.id = tg.result_id AND r.simulation_name = ? AND r.valid = ?)) s4 INTERSECT SELECT s5.result_id FROM (SELECT s1.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.simulation_name = ? AND r.valid = ?) s1 EXCEPT SELECT s2.result_id FROM (SELECT tg.result_id FROM result_tags tg WHERE tg.key = ? AND EXISTS (SELECT 1 FROM results r WHERE r.id = tg.result_id AND r.simulation_name = ? AND r.valid = ?)) s2) s5) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [1,true,300,"campaign","spring","autumn","thermal",true,"thermal",true,"reviewed","thermal",true,50,0]

-- filter with version and status base
-- filter: inputs.temperature >= 300
-- page
WITH m AS MATERIALIZED (SELECT s1.result_id FROM (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 1 AND v.num_value >= ?) s1 INTERSECT SELECT s2.result_id FROM (SELECT r.id AS result_id FROM results r WHERE r.simulation_name = ? AND r.valid = ? AND r.simulation_version = ? AND r.status = ?) s2) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, m.result_id AS sk0 FROM m  ORDER BY sk0 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 DESC;
-- params: [1,true,300,"thermal",true,"1.0","completed",50,0]

-- filter sorted by a result field
-- filter: inputs.temperature >= 300
-- sort: duration_seconds desc
-- page
WITH m AS MATERIALIZED (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 1 AND v.num_value >= ?) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT r.id AS pid, CASE WHEN r.duration_seconds IS NULL THEN 1 ELSE 0 END AS sk0, r.duration_seconds AS sk1, r.id AS sk2 FROM m JOIN results r ON r.id = m.result_id  ORDER BY sk0 ASC, sk1 DESC, sk2 DESC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 ASC, p.sk1 DESC, p.sk2 DESC;
-- params: [1,true,300,50,0]

-- filter sorted by another parameter
-- filter: inputs.temperature >= 300
-- sort: outputs.stress asc
-- page
WITH m AS MATERIALIZED (SELECT v.result_id FROM result_values v WHERE v.parameter_id = ? AND v.valid = ? AND v.kind = 1 AND v.num_value >= ?) SELECT t.total, r.id, r.execution_id, r.simulation_name, r.simulation_version, r.squid_id, r.input_params, r.output_params, r.status, r.created_at, r.updated_at, r.duration_seconds, r.valid, r.metadata, r.run_file, r.run_checksum, r.run_size_bytes FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN (SELECT m.result_id AS pid, CASE WHEN s.result_id IS NULL OR s.kind = 0 THEN 1 ELSE 0 END AS sk0, CASE WHEN s.num_value IS NULL THEN 1 ELSE 0 END AS sk1, s.num_value AS sk2, s.text_value AS sk3, m.result_id AS sk4 FROM m LEFT JOIN result_values s ON s.result_id = m.result_id AND s.parameter_id IN (?, ?) ORDER BY sk0 ASC, sk1 ASC, sk2 ASC, sk3 ASC, sk4 ASC LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid ORDER BY p.sk0 ASC, p.sk1 ASC, p.sk2 ASC, p.sk3 ASC, p.sk4 ASC;
-- params: [1,true,300,2,12,50,0]
