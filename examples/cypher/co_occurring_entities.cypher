// Pairs of entities (repositories left out) that the most papers name together.
MATCH (a:Entity)<--(p:Paper)-->(b:Entity)
WHERE a.id < b.id AND NOT a:Repository AND NOT b:Repository
RETURN a.name AS first, b.name AS second, count(DISTINCT p) AS papers
ORDER BY papers DESC, first, second
LIMIT 20;
