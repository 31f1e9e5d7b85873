"""The case store on a PostgreSQL server (several workstations): psycopg 3, its own migrations."""
