#!/bin/sh
# Bulk-imports the CSVs beside this script into a Neo4j 5 database with neo4j-admin.
# Usage: sh import.sh [DATABASE]   (default: neo4j). Stop the database first: it is overwritten.
# NEO4J_ADMIN: the neo4j-admin command (default: neo4j-admin on PATH, e.g. $NEO4J_HOME/bin/neo4j-admin).
# Afterwards start Neo4j (a database other than neo4j: CREATE DATABASE name) and run
# schema.cypher for the constraints and indexes: cypher-shell -u neo4j -p PASSWORD -f schema.cypher
# The database name comes right after `full`: --nodes/--relationships take several values.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATABASE="${1:-neo4j}"
exec "${NEO4J_ADMIN:-neo4j-admin}" database import full "$DATABASE" \
  --overwrite-destination=true \
  --multiline-fields=true \
  --array-delimiter='|' \
  --id-type=string \
  --nodes="$HERE/papers.csv" \
  --nodes="$HERE/models.csv" \
  --nodes="$HERE/datasets.csv" \
  --nodes="$HERE/benchmarks.csv" \
  --nodes="$HERE/methods.csv" \
  --nodes="$HERE/metrics.csv" \
  --nodes="$HERE/repositories.csv" \
  --relationships="$HERE/proposes.csv" \
  --relationships="$HERE/uses.csv" \
  --relationships="$HERE/evaluated_on.csv" \
  --relationships="$HERE/has_code.csv" \
  --relationships="$HERE/variant_of.csv"
