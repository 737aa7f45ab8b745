// Loads the CSVs beside this file into Neo4j 5 (5.x and 2025.x), safe to run again: every
// node and relationship is MERGEd on its id / endpoints and its properties are set again.
// 1. Copy the *.csv files into the database's import folder (server.directories.import).
// 2. Run schema.cypher first (constraints make MERGE fast), then this file:
//      cypher-shell -u neo4j -p PASSWORD -f schema.cypher
//      cypher-shell -u neo4j -p PASSWORD -f load.cypher
//    (Neo4j Browser: prefix each statement with :auto, CALL ... IN TRANSACTIONS needs it.)
// Needs db.import.csv.legacy_quote_escaping=false in neo4j.conf (restart after changing it):
// with the default (true) LOAD CSV reads \" as an escaped quote, misreads text such as LaTeX's
// T\"ulu and fails on a field ending in \. The CSVs follow RFC 4180 (a quote is written "")
// as neo4j-admin reads them; import.sh and `kg load-neo4j` need no setting.
// Columns keep their neo4j-admin header names, hence the backticks: row.`id:ID(Paper)`.
// Array fields are split on '|'; empty fields give absent properties.
// Engines without CALL { ... } IN TRANSACTIONS (e.g. FalkorDB) run the MERGE body directly
// after the LOAD CSV line: kg.export.neo4j.unbatched(statement) does that rewrite.

LOAD CSV WITH HEADERS FROM 'file:///papers.csv' AS row
CALL { WITH row
  MERGE (n:Paper {id: row.`id:ID(Paper)`})
  SET n.title = CASE WHEN row.`title` = '' THEN null ELSE row.`title` END,
      n.abstract = CASE WHEN row.`abstract` = '' THEN null ELSE row.`abstract` END,
      n.arxivId = CASE WHEN row.`arxivId` = '' THEN null ELSE row.`arxivId` END,
      n.date = CASE WHEN row.`date` = '' THEN null ELSE row.`date` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.authors = CASE WHEN row.`authors:string[]` IS NULL OR row.`authors:string[]` = '' THEN null ELSE split(row.`authors:string[]`, '|') END,
      n.listingFiles = CASE WHEN row.`listingFiles:string[]` IS NULL OR row.`listingFiles:string[]` = '' THEN null ELSE split(row.`listingFiles:string[]`, '|') END,
      n.listingDates = CASE WHEN row.`listingDates:string[]` IS NULL OR row.`listingDates:string[]` = '' THEN null ELSE split(row.`listingDates:string[]`, '|') END,
      n.listings = CASE WHEN row.`listings:string[]` IS NULL OR row.`listings:string[]` = '' THEN null ELSE split(row.`listings:string[]`, '|') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///models.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Model
  SET n.name = CASE WHEN row.`name` = '' THEN null ELSE row.`name` END,
      n.type = CASE WHEN row.`type` = '' THEN null ELSE row.`type` END,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR row.`aliases:string[]` = '' THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.wikidataId = CASE WHEN row.`wikidataId` = '' THEN null ELSE row.`wikidataId` END,
      n.hfId = CASE WHEN row.`hfId` = '' THEN null ELSE row.`hfId` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.kind = CASE WHEN row.`kind` = '' THEN null ELSE row.`kind` END,
      n.known = CASE WHEN row.`known:boolean` IS NULL OR row.`known:boolean` = '' THEN null ELSE (row.`known:boolean` = 'true') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///datasets.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Dataset
  SET n.name = CASE WHEN row.`name` = '' THEN null ELSE row.`name` END,
      n.type = CASE WHEN row.`type` = '' THEN null ELSE row.`type` END,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR row.`aliases:string[]` = '' THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.wikidataId = CASE WHEN row.`wikidataId` = '' THEN null ELSE row.`wikidataId` END,
      n.hfId = CASE WHEN row.`hfId` = '' THEN null ELSE row.`hfId` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.kind = CASE WHEN row.`kind` = '' THEN null ELSE row.`kind` END,
      n.known = CASE WHEN row.`known:boolean` IS NULL OR row.`known:boolean` = '' THEN null ELSE (row.`known:boolean` = 'true') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///benchmarks.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Benchmark
  SET n.name = CASE WHEN row.`name` = '' THEN null ELSE row.`name` END,
      n.type = CASE WHEN row.`type` = '' THEN null ELSE row.`type` END,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR row.`aliases:string[]` = '' THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.wikidataId = CASE WHEN row.`wikidataId` = '' THEN null ELSE row.`wikidataId` END,
      n.hfId = CASE WHEN row.`hfId` = '' THEN null ELSE row.`hfId` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.kind = CASE WHEN row.`kind` = '' THEN null ELSE row.`kind` END,
      n.known = CASE WHEN row.`known:boolean` IS NULL OR row.`known:boolean` = '' THEN null ELSE (row.`known:boolean` = 'true') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///methods.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Method
  SET n.name = CASE WHEN row.`name` = '' THEN null ELSE row.`name` END,
      n.type = CASE WHEN row.`type` = '' THEN null ELSE row.`type` END,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR row.`aliases:string[]` = '' THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.wikidataId = CASE WHEN row.`wikidataId` = '' THEN null ELSE row.`wikidataId` END,
      n.hfId = CASE WHEN row.`hfId` = '' THEN null ELSE row.`hfId` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.kind = CASE WHEN row.`kind` = '' THEN null ELSE row.`kind` END,
      n.known = CASE WHEN row.`known:boolean` IS NULL OR row.`known:boolean` = '' THEN null ELSE (row.`known:boolean` = 'true') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///metrics.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Metric
  SET n.name = CASE WHEN row.`name` = '' THEN null ELSE row.`name` END,
      n.type = CASE WHEN row.`type` = '' THEN null ELSE row.`type` END,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR row.`aliases:string[]` = '' THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.wikidataId = CASE WHEN row.`wikidataId` = '' THEN null ELSE row.`wikidataId` END,
      n.hfId = CASE WHEN row.`hfId` = '' THEN null ELSE row.`hfId` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.kind = CASE WHEN row.`kind` = '' THEN null ELSE row.`kind` END,
      n.known = CASE WHEN row.`known:boolean` IS NULL OR row.`known:boolean` = '' THEN null ELSE (row.`known:boolean` = 'true') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///repositories.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Repository
  SET n.name = CASE WHEN row.`name` = '' THEN null ELSE row.`name` END,
      n.type = CASE WHEN row.`type` = '' THEN null ELSE row.`type` END,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR row.`aliases:string[]` = '' THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.wikidataId = CASE WHEN row.`wikidataId` = '' THEN null ELSE row.`wikidataId` END,
      n.hfId = CASE WHEN row.`hfId` = '' THEN null ELSE row.`hfId` END,
      n.url = CASE WHEN row.`url` = '' THEN null ELSE row.`url` END,
      n.kind = CASE WHEN row.`kind` = '' THEN null ELSE row.`kind` END,
      n.known = CASE WHEN row.`known:boolean` IS NULL OR row.`known:boolean` = '' THEN null ELSE (row.`known:boolean` = 'true') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///proposes.csv' AS row
CALL { WITH row
  MATCH (a:Paper {id: row.`:START_ID(Paper)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:PROPOSES]->(b)
  SET r.role = CASE WHEN row.`role` = '' THEN null ELSE row.`role` END,
      r.confidence = CASE WHEN row.`confidence:float` IS NULL OR row.`confidence:float` = '' THEN null ELSE toFloat(row.`confidence:float`) END,
      r.mentionCount = CASE WHEN row.`mentionCount:int` IS NULL OR row.`mentionCount:int` = '' THEN null ELSE toInteger(row.`mentionCount:int`) END,
      r.surfaces = CASE WHEN row.`surfaces:string[]` IS NULL OR row.`surfaces:string[]` = '' THEN null ELSE split(row.`surfaces:string[]`, '|') END,
      r.evidence = CASE WHEN row.`evidence:string[]` IS NULL OR row.`evidence:string[]` = '' THEN null ELSE split(row.`evidence:string[]`, '|') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///uses.csv' AS row
CALL { WITH row
  MATCH (a:Paper {id: row.`:START_ID(Paper)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:USES]->(b)
  SET r.role = CASE WHEN row.`role` = '' THEN null ELSE row.`role` END,
      r.confidence = CASE WHEN row.`confidence:float` IS NULL OR row.`confidence:float` = '' THEN null ELSE toFloat(row.`confidence:float`) END,
      r.mentionCount = CASE WHEN row.`mentionCount:int` IS NULL OR row.`mentionCount:int` = '' THEN null ELSE toInteger(row.`mentionCount:int`) END,
      r.surfaces = CASE WHEN row.`surfaces:string[]` IS NULL OR row.`surfaces:string[]` = '' THEN null ELSE split(row.`surfaces:string[]`, '|') END,
      r.evidence = CASE WHEN row.`evidence:string[]` IS NULL OR row.`evidence:string[]` = '' THEN null ELSE split(row.`evidence:string[]`, '|') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///evaluated_on.csv' AS row
CALL { WITH row
  MATCH (a:Paper {id: row.`:START_ID(Paper)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:EVALUATED_ON]->(b)
  SET r.role = CASE WHEN row.`role` = '' THEN null ELSE row.`role` END,
      r.confidence = CASE WHEN row.`confidence:float` IS NULL OR row.`confidence:float` = '' THEN null ELSE toFloat(row.`confidence:float`) END,
      r.mentionCount = CASE WHEN row.`mentionCount:int` IS NULL OR row.`mentionCount:int` = '' THEN null ELSE toInteger(row.`mentionCount:int`) END,
      r.surfaces = CASE WHEN row.`surfaces:string[]` IS NULL OR row.`surfaces:string[]` = '' THEN null ELSE split(row.`surfaces:string[]`, '|') END,
      r.evidence = CASE WHEN row.`evidence:string[]` IS NULL OR row.`evidence:string[]` = '' THEN null ELSE split(row.`evidence:string[]`, '|') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///has_code.csv' AS row
CALL { WITH row
  MATCH (a:Paper {id: row.`:START_ID(Paper)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:HAS_CODE]->(b)
  SET r.role = CASE WHEN row.`role` = '' THEN null ELSE row.`role` END,
      r.confidence = CASE WHEN row.`confidence:float` IS NULL OR row.`confidence:float` = '' THEN null ELSE toFloat(row.`confidence:float`) END,
      r.mentionCount = CASE WHEN row.`mentionCount:int` IS NULL OR row.`mentionCount:int` = '' THEN null ELSE toInteger(row.`mentionCount:int`) END,
      r.surfaces = CASE WHEN row.`surfaces:string[]` IS NULL OR row.`surfaces:string[]` = '' THEN null ELSE split(row.`surfaces:string[]`, '|') END,
      r.evidence = CASE WHEN row.`evidence:string[]` IS NULL OR row.`evidence:string[]` = '' THEN null ELSE split(row.`evidence:string[]`, '|') END
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///variant_of.csv' AS row
CALL { WITH row
  MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:VARIANT_OF]->(b)
} IN TRANSACTIONS OF 1000 ROWS;
