package main

// FerretDB 1.24's SQLite backend looks documents up by _id with the expression
// _ferretdb_sjson->'$._id' (find, update, delete), but it indexes _id as
// _ferretdb_sjson->"_id". SQLite uses an expression index only for the same
// expression, so every lookup by _id scans the whole table: 33 ms per update at
// 10,000 documents, ten times that at 100,000. keepIDIndexes adds, to every
// collection table, an index on the expression the lookups use. FerretDB does
// not list it (its index metadata lives in its own table), and drops it with
// the collection.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver FerretDB itself uses
)

const (
	idIndexSuffix  = "_arrears_id_lookup"
	idIndexPeriod  = 200 * time.Millisecond
	collectionsTbl = "_ferretdb_collections"
)

// keepIDIndexes checks the data directory's databases every idIndexPeriod until ctx ends.
func keepIDIndexes(ctx context.Context, dir string, logger *slog.Logger) {
	ticker := time.NewTicker(idIndexPeriod)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		if err != nil {
			logger.Error("listing databases", "error", err)
			continue
		}
		for _, file := range files {
			if err := indexDatabase(ctx, file); err != nil {
				logger.Debug("indexing _id lookups", "database", file, "error", err)
			}
		}
	}
}

// indexDatabase creates the missing _id lookup indexes of one database file.
func indexDatabase(ctx context.Context, file string) error {
	// mode=rw: a database FerretDB has just dropped must not come back as an empty file.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT table_name FROM %q WHERE table_name IN (SELECT name FROM sqlite_master WHERE type = 'table')
		 AND table_name || '%s' NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`,
		collectionsTbl, idIndexSuffix,
	))
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
