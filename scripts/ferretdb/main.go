// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol on SQLite)
// for arrears' embedded mode and tests, with its data in the given directory. It listens on loopback only, keeps
// telemetry off, prints the URI it serves as one line on stdout, and shuts
// down cleanly on SIGTERM or SIGINT. It also gives every collection the index
// FerretDB's _id lookups need (see idindex.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	port := flag.Int("port", 27017, "TCP port on 127.0.0.1 (0 picks a free one)")
	// FerretDB 1.24's in-memory SQLite mode deadlocks on the second update of a
	// document, so tests use a throwaway directory (on tmpfs where there is one).
	dataDir := flag.String("data", "", "SQLite data directory (required)")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: --data DIR is required")
		os.Exit(2)
	}
	abs, err := filepath.Abs(*dataDir)
	if err == nil {
		err = os.MkdirAll(abs, 0o755)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: cannot use data directory %q: %v\n", *dataDir, err)
		os.Exit(2)
	}
	sqliteURL := "file:" + abs + "/"

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: net.JoinHostPort("127.0.0.1", fmt.Sprint(*port))},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	go keepIDIndexes(ctx, abs, logger)

	fmt.Println(f.MongoDBURI())

	if err := <-done; err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}
