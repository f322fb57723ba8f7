// Package bolt adapts the engine's ports to one embedded file, for local mode: a
// dealership that runs LeadClock on a single machine keeps its leads, timelines,
// inboxes, outbox and timers in a bbolt database instead of DynamoDB and EventBridge.
// Every commit is one fsynced bbolt transaction, so what the engine decided survives a
// crash exactly as it does in production, and queries read indexes kept in the same
// transaction rather than scanning every lead.
package bolt

import (
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrInUse is returned by Open when another process holds the database file.
var ErrInUse = errors.New("data directory is in use by another leadclock process")

// openTimeout bounds the wait for bbolt's file lock: a second process must fail with
// a message, not hang.
const openTimeout = time.Second

// schemaVersion is the layout of the buckets; a file written by a later layout is
// refused rather than misread.
const schemaVersion = 1

// Bucket names.
var (
	bucketLeads         = []byte("leads")           // id → lead
	bucketTimelines     = []byte("timelines")       // id, seq → activity
	bucketSources       = []byte("sources")         // provider, provider lead id → lead id
	bucketCustomers     = []byte("customers")       // match key → lead id
	bucketLeadsByStatus = []byte("leads-by-status") // status, owner, id → (empty)
	bucketLeadsByOwner  = []byte("leads-by-owner")  // owner, id → (empty)
	bucketLeadsDue      = []byte("leads-due")       // timer instant, id → (empty)
	bucketInboxes       = []byte("inboxes")         // key → inbox
	bucketInboxesDue    = []byte("inboxes-due")     // flush instant, key → (empty)
	bucketOutbox        = []byte("outbox")          // seq → effect
	bucketOutboxIDs     = []byte("outbox-ids")      // effect id → seq
	bucketTimers        = []byte("timers")          // instant, name → timer
	bucketTimerNames    = []byte("timer-names")     // name → instant
	bucketMeta          = []byte("meta")            // roster, schema
	bucketRejections    = []byte("rejections")      // instant, id → rejection
	bucketRejectionIDs  = []byte("rejection-ids")   // id → key in rejections

	allBuckets = [][]byte{
		bucketLeads, bucketTimelines, bucketSources, bucketCustomers,
		bucketLeadsByStatus, bucketLeadsByOwner, bucketLeadsDue,
		bucketInboxes, bucketInboxesDue, bucketOutbox, bucketOutboxIDs,
		bucketTimers, bucketTimerNames, bucketMeta,
		bucketRejections, bucketRejectionIDs,
	}

	metaRoster = []byte("roster")
	metaSchema = []byte("schema")
)

// DB is an open database file. Its Store and Timers share it, so that one process
// holds one lock and one fsync covers a batch of commits.
type DB struct {
	db *bbolt.DB
	w  *writer // every write goes through it, to share fsyncs
}

// Open opens the database at path, creating it (mode 0600: it holds customers'
// contact details) when it does not exist.
func Open(path string) (*DB, error) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: openTimeout, NoFreelistSync: true, FreelistType: bbolt.FreelistMapType})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (%w)", path, ErrInUse, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Update(setUp); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &DB{db: db, w: &writer{db: db}}, nil
}

// setUp creates the buckets of a new file and checks the layout of an old one.
func setUp(tx *bbolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	stored := meta.Get(metaSchema)
	if stored == nil {
		return meta.Put(metaSchema, appendUint64(nil, schemaVersion))
	}
	if v, ok := readUint64(stored); !ok || v != schemaVersion {
		return fmt.Errorf("database layout %x, this build reads %d", stored, schemaVersion)
	}
	return nil
}

// Close releases the file and its lock.
func (d *DB) Close() error {
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", d.db.Path(), err)
	}
	return nil
}

// Store returns the engine's store in this file.
func (d *DB) Store() *Store {
	return &Store{db: d.db, w: d.w}
}

// Timers returns the scheduler whose timers are kept in this file.
func (d *DB) Timers() *Timers {
	return &Timers{db: d.db, w: d.w}
}
