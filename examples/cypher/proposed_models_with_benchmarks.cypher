// Models that papers propose, with what each paper evaluates on (benchmarks and datasets).
MATCH (p:Paper)-[:PROPOSES]->(m:Model)
OPTIONAL MATCH (p)-[:EVALUATED_ON]->(b:Entity)
WITH p, m, collect(DISTINCT b.name) AS evaluatedOn
RETURN p.title AS paper, m.name AS model, evaluatedOn
ORDER BY size(evaluatedOn) DESC, paper, model
LIMIT 25;
