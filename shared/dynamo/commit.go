package dynamo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// MaxTransactionItems is how many items one TransactWriteItems may write.
const MaxTransactionItems = 100

// ErrTooManyItems is what Commit returns, having written nothing, when its changes need
// more items than one transaction holds. Deciding again does not help: the engine
// commits one change at a time on DynamoDB (its default batch of one), and one change
// needs this many items only when it notifies dozens of reps at once.
var ErrTooManyItems = errors.New("more items than one DynamoDB transaction writes")

// tx is one TransactWriteItems being built: its items, and what each one is, for the
// error that names the item whose condition failed.
type tx struct {
	table  string
	at     time.Time
	commit string // the commit's id in outbox keys
	token  string // the request's idempotency token
	items  []types.TransactWriteItem
	what   []string
	guards []*guard // per item: the version guard it carries, if any
	keys   map[key]bool
	pos    int // outbox position
}

// guard is a version guard, to explain a failed one.
type guard struct {
	read int64 // the version the change read; 0 for an item that must not exist
	at   string
}

func newTx(table string, at time.Time) (*tx, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("commit id: %w", err)
	}
	token := hex.EncodeToString(b[:])
	return &tx{table: table, at: at, commit: token[:12], token: token, keys: map[key]bool{}}, nil
}

// put adds an item written whole when cond holds (cond nil: unconditionally).
func (t *tx) put(k key, item any, cond *expression.ConditionBuilder, g *guard, what string) error {
	if t.keys[k] {
		return fmt.Errorf("%s: its item %s/%s is written twice in one transaction", what, k.PK, k.SK)
	}
	t.keys[k] = true
	av, err := marshal(item)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	p := &types.Put{TableName: aws.String(t.table), Item: av}
	if cond != nil {
		expr, err := expression.NewBuilder().WithCondition(*cond).Build()
		if err != nil {
			return fmt.Errorf("%s: condition: %w", what, err)
		}
		p.ConditionExpression = expr.Condition()
		p.ExpressionAttributeNames = expr.Names()
		p.ExpressionAttributeValues = expr.Values()
		if g != nil {
			p.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
		}
	}
	t.items = append(t.items, types.TransactWriteItem{Put: p})
	t.what = append(t.what, what)
	t.guards = append(t.guards, g)
	return nil
}

// notExists is the condition of an item that must be new.
func notExists() *expression.ConditionBuilder {
	c := expression.Name(AttrPK).AttributeNotExists()
	return &c
}

// versioned is the guard of a lead or an inbox: the version read (nothing stored for
// 0), and, with clocked, a clock that reads later than the item's last commit. The
// second keeps each lead's (and inbox's) outbox order its commit order even when two
// writers' clocks disagree: the writer whose clock lags gets a conflict, decides again
// and commits a moment later.
func (t *tx) versioned(read int64, clocked bool) (*expression.ConditionBuilder, *guard) {
	g := &guard{read: read, at: sortable(t.at)}
	if read == 0 {
		return notExists(), g
	}
	c := expression.Name(AttrVersion).Equal(expression.Value(read))
	if clocked {
		c = c.And(expression.Or(
			expression.Name(AttrCommittedAt).AttributeNotExists(),
			expression.Name(AttrCommittedAt).LessThan(expression.Value(g.at)),
		))
	}
	return &c, g
}

// enqueue adds effects to the outbox, in order.
func (t *tx) enqueue(effects []lead.Effect, queued map[string]bool) error {
	mine := map[string]bool{}
	for _, e := range effects {
		if e.ID == "" {
			return fmt.Errorf("an effect of kind %q has no id", e.Kind)
		}
		if mine[e.ID] {
			// A bug in the decision, not a race: deciding again would not help.
			return fmt.Errorf("effect %s appears twice in one change", e.ID)
		}
		mine[e.ID] = true
		if queued[e.ID] {
			return fmt.Errorf("effect %s is queued by two changes of the commit: %w", e.ID, engine.ErrConflict)
		}
		queued[e.ID] = true
		k := outboxKey(e.ID)
		it := outboxItem{key: k, Type: ItemOutbox, Stream: engine.Stream(e), OutboxPK: ValueOutbox,
			OutboxSK: outboxOrder(t.at, t.commit, t.pos), Effect: e}
		t.pos++
		if err := t.put(k, it, notExists(), nil, "effect "+e.ID); err != nil {
			return err
		}
	}
	return nil
}

// Commit writes changes in one TransactWriteItems, in order, as if one after another:
// all of them, or nothing when a guard fails (engine.ErrConflict). Each lead is written
// guarded by the version its change read, with its timeline entries, its provider lead
// id (claimed once), its match keys and its effects. Changes of one commit touch
// distinct leads; when several carry the roster, the roster is written once, as the
// last change left it, guarded by the version the first one read (and the versions
// the others read must follow from it).
func (s *Store) Commit(ctx context.Context, cs ...engine.Change) error {
	what := "commit"
	switch {
	case len(cs) > 1:
		what = fmt.Sprintf("commit %d changes", len(cs))
	case len(cs) == 1 && cs[0].Lead.ID != "":
		what = "commit lead " + cs[0].Lead.ID
	case len(cs) == 1:
		what = "commit roster"
	}
	if len(cs) == 0 {
		return nil
	}
	t, err := newTx(s.table, s.commitInstant())
	if err == nil {
		err = t.addChanges(cs)
	}
	if err == nil {
		err = s.write(ctx, t)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func (t *tx) addChanges(cs []engine.Change) error {
	queued := map[string]bool{}
	claimed := map[key]bool{}
	var matchOrder []string
	matches := map[string]string{} // match key → lead id: the last change's wins
	var first, last *roster.State  // the roster as the first change read it, as the last left it
	var rosterVersion int64        // the roster's version after the changes so far
	for i, c := range cs {
		if l := c.Lead; l.ID != "" {
			next := l
			next.Version++
			cond, g := t.versioned(l.Version, true)
			if err := t.put(leadKey(l.ID), newLeadItem(next, sortable(t.at)), cond, g, "lead "+l.ID); err != nil {
				return err
			}
			if l.Version == 0 && l.Source.ProviderLeadID != "" {
				k := sourceKey(l.Source.Provider, l.Source.ProviderLeadID, l.Source.Digest)
				what := fmt.Sprintf("%s lead %s", l.Source.Provider, l.Source.ProviderLeadID)
				if claimed[k] {
					return fmt.Errorf("%s is claimed by two changes of the commit: %w", what, engine.ErrConflict)
				}
				claimed[k] = true
				if err := t.put(k, pointerItem{key: k, Type: ItemSource, LeadID: l.ID}, notExists(), nil, what); err != nil {
					return err
				}
			}
			for _, a := range c.Activities {
				k, err := activityKey(l.ID, a.Seq)
				if err != nil {
					return err
				}
				what := fmt.Sprintf("timeline entry %d of lead %s", a.Seq, l.ID)
				if err := t.put(k, activityItem{key: k, Type: ItemActivity, Activity: a}, notExists(), nil, what); err != nil {
					return err
				}
			}
			for _, mk := range c.MatchKeys {
				if _, ok := matches[mk]; !ok {
					matchOrder = append(matchOrder, mk)
				}
				matches[mk] = l.ID
			}
		}
		if c.Roster != nil {
			if first == nil {
				first, rosterVersion = c.Roster, c.Roster.Version
			} else if c.Roster.Version != rosterVersion {
				return fmt.Errorf("roster at version %d after the changes before it, change %d read %d: %w", rosterVersion, i+1, c.Roster.Version, engine.ErrConflict)
			}
			rosterVersion++
			last = c.Roster
		}
		if err := t.enqueue(c.Effects, queued); err != nil {
			return err
		}
	}
	for _, mk := range matchOrder {
		k := customerKey(mk)
		if err := t.put(k, pointerItem{key: k, Type: ItemCustomer, LeadID: matches[mk]}, nil, nil, "match key of lead "+matches[mk]); err != nil {
			return err
		}
	}
	if first != nil {
		st := *last
		st.Version = rosterVersion
		cond, g := t.versioned(first.Version, false)
		k := rosterKey()
		if err := t.put(k, rosterItem{key: k, Type: ItemRoster, Version: st.Version, Roster: st}, cond, g, "roster"); err != nil {
			return err
		}
	}
	return nil
}

// CommitInbox writes an inbox guarded by its version, with its effects, in one
// TransactWriteItems.
func (s *Store) CommitInbox(ctx context.Context, b nudge.Inbox, effects []lead.Effect) error {
	t, err := newTx(s.table, s.commitInstant())
	if err == nil {
		err = t.addInbox(b, effects)
	}
	if err == nil {
		err = s.write(ctx, t)
	}
	if err != nil {
		return fmt.Errorf("commit inbox %s: %w", b.Key, err)
	}
	return nil
}

func (t *tx) addInbox(b nudge.Inbox, effects []lead.Effect) error {
	next := b
	next.Version++
	k := inboxKey(b.Key)
	it := inboxItem{key: k, Type: ItemInbox, Version: next.Version, CommittedAt: sortable(t.at), Inbox: next}
	if len(next.Held) > 0 {
		it.DuePK, it.DueAt = ValueInboxes, sortable(next.FlushAt)
	}
	cond, g := t.versioned(b.Version, true)
	if err := t.put(k, it, cond, g, "inbox "+b.Key); err != nil {
		return err
	}
	return t.enqueue(effects, map[string]bool{})
}

// write runs the transaction. Its idempotency token makes the SDK's own retry of a
// request whose answer was lost succeed instead of failing its guards on what the first
// attempt wrote.
func (s *Store) write(ctx context.Context, t *tx) error {
	if len(t.items) == 0 {
		return nil
	}
	if len(t.items) > MaxTransactionItems {
		return fmt.Errorf("%d items, DynamoDB writes at most %d in a transaction: %w", len(t.items), MaxTransactionItems, ErrTooManyItems)
	}
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems:      t.items,
		ClientRequestToken: aws.String(t.token),
	})
	var cancelled *types.TransactionCanceledException
	if errors.As(err, &cancelled) {
		return t.explain(cancelled)
	}
	return err
}

// explain turns a cancelled transaction into an error that names the item at fault:
// engine.ErrConflict when a guard failed or another transaction held an item (deciding
// again on fresh state may succeed), a plain error otherwise.
func (t *tx) explain(c *types.TransactionCanceledException) error {
	var conflict error
	for i, r := range c.CancellationReasons {
		code := aws.ToString(r.Code)
		if i >= len(t.what) || code == "" || code == "None" {
			continue
		}
		switch code {
		case "ConditionalCheckFailed":
			if conflict == nil {
				conflict = fmt.Errorf("%s: %w", t.why(i, r.Item), engine.ErrConflict)
			}
		case "TransactionConflict":
			if conflict == nil {
				conflict = fmt.Errorf("%s: another transaction was writing it: %w", t.what[i], engine.ErrConflict)
			}
		default:
			// Throttling, validation, an item collection over its size: deciding again
			// would not help, or not at once.
			return fmt.Errorf("%s: %s: %s: %w", t.what[i], code, aws.ToString(r.Message), c)
		}
	}
	if conflict == nil {
		return fmt.Errorf("transaction cancelled: %w", c)
	}
	return conflict
}

// why says which guard failed, from the item as it was (returned for guarded items).
func (t *tx) why(i int, old map[string]types.AttributeValue) string {
	what, g := t.what[i], t.guards[i]
	if g == nil {
		return what + " exists already"
	}
	var stored guardItem
	if len(old) == 0 || unmarshal(old, &stored) != nil {
		if g.read == 0 {
			return what + " exists already"
		}
		return fmt.Sprintf("%s at a version other than %d", what, g.read)
	}
	if g.read == 0 {
		return fmt.Sprintf("%s exists already, at version %d", what, stored.Version)
	}
	if stored.Version != g.read {
		return fmt.Sprintf("%s at version %d, change read %d", what, stored.Version, g.read)
	}
	return fmt.Sprintf("%s was committed at %s, not before this commit's clock (%s)", what, stored.CommittedAt, g.at)
}
