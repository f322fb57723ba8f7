package engine

// Queued is how many new leads wait for their turn, for tests that line a batch up.
func (e *Engine) Queued() int {
	return e.receiving.Len()
}

// InboxQueued is how many decisions wait for their turn on an inbox.
func (e *Engine) InboxQueued(key string) int {
	return e.inboxes.Len(key)
}
