// The ten benchmarks most papers use or evaluate on.
MATCH (p:Paper)-[:USES|EVALUATED_ON]->(b:Benchmark)
RETURN b.name AS benchmark, count(DISTINCT p) AS papers
ORDER BY papers DESC, benchmark
LIMIT 10;
