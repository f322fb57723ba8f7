package dynamo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Keys. A key is a fixed prefix, then its variable parts separated by '#'. Each part is
// escaped ('%' as %25, '#' as %23, '~' as %7E) so that no part can run into the next:
// provider "a#b" with lead id "c" and provider "a" with lead id "b#c" are two keys. A
// partition key longer than DynamoDB's 2048 bytes (a provider lead id of kilobytes)
// becomes its prefix, '~' and the SHA-256 of the whole key, which no escaped key can
// equal.
const (
	prefixLead      = "LEAD#"
	skLead          = "LEAD"
	prefixActivity  = "ACT#"
	prefixSource    = "SRC#"
	skSource        = "SRC"
	prefixCustomer  = "CUST#"
	skCustomer      = "CUST"
	prefixOutbox    = "OUTBOX#"
	pkRoster        = "ROSTER"
	skRoster        = "STATE"
	prefixInbox     = "INBOX#"
	skInbox         = "INBOX"
	prefixRejection = "REJECTION#"
	skRejection     = "REJECTION"
)

// maxPartitionKey is DynamoDB's limit on a partition key, in bytes.
const maxPartitionKey = 2048

var escaper = strings.NewReplacer("%", "%25", "#", "%23", "~", "%7E")

// partitionKey joins a prefix and escaped parts, hashed when too long.
func partitionKey(prefix string, parts ...string) string {
	escaped := make([]string, len(parts))
	for i, p := range parts {
		escaped[i] = escaper.Replace(p)
	}
	k := prefix + strings.Join(escaped, "#")
	if len(k) > maxPartitionKey {
		sum := sha256.Sum256([]byte(k))
		k = prefix + "~" + hex.EncodeToString(sum[:])
	}
	return k
}

// key is an item's primary key.
type key struct {
	PK string `dynamodbav:"PK"`
	SK string `dynamodbav:"SK"`
}

func leadKey(id string) key { return key{partitionKey(prefixLead, id), skLead} }

// activityKey orders a lead's timeline by the entries' sequence numbers, which the
// lead's version guard makes strictly increasing in commit order. A clock would not:
// two writers' clocks may disagree by more than the time between two commits.
func activityKey(id string, seq int) (key, error) {
	if seq < 0 || seq > maxActivitySeq {
		return key{}, fmt.Errorf("timeline entry %d of lead %s: sequence out of range", seq, id)
	}
	return key{partitionKey(prefixLead, id), fmt.Sprintf("%s%010d", prefixActivity, seq)}, nil
}

const maxActivitySeq = 9_999_999_999

func sourceKey(provider, providerLeadID, digest string) key {
	return key{partitionKey(prefixSource, provider, providerLeadID, digest), skSource}
}

func customerKey(matchKey string) key { return key{partitionKey(prefixCustomer, matchKey), skCustomer} }

func rosterKey() key { return key{pkRoster, skRoster} }

func inboxKey(k string) key { return key{partitionKey(prefixInbox, k), skInbox} }

func rejectionKey(id string) key { return key{partitionKey(prefixRejection, id), skRejection} }

// outboxKey puts an effect in the partition named by its id up to the first '/': the
// engine's effect ids start with their lead's id or their inbox's key, so a lead's (an
// inbox's) effects share a partition, and with it a stream shard. The key is a function
// of the id alone, so Done finds an effect by its id; an id of another form still has
// exactly one key.
func outboxKey(effectID string) key {
	stream, _, _ := strings.Cut(effectID, "/")
	return key{partitionKey(prefixOutbox, stream), effectID}
}

// sortableLayout writes instants in UTC with a fixed width, so that strings sort as
// the instants do (for years 0000 to 9999).
const sortableLayout = "2006-01-02T15:04:05.000000000Z07:00"

func sortable(t time.Time) string { return t.UTC().Format(sortableLayout) }

// statusSort is the sort key of a lead in the lead indexes.
func statusSort(status, id string) string { return escaper.Replace(status) + "#" + id }

// outboxOrder is the sort key of an effect in the outbox index: the commit's instant,
// the commit's id (two commits may share an instant) and the effect's position in the
// commit.
func outboxOrder(at time.Time, commit string, pos int) string {
	return fmt.Sprintf("%s#%s#%05d", sortable(at), commit, pos)
}

// rejectionSort is the sort key of a rejection in the rejections index.
func rejectionSort(at time.Time, id string) string { return sortable(at) + "#" + id }
