package engine

// Queued is how many new leads wait for their turn, for tests that line a batch up.
func (e *Engine) Queued() int {
	e.waiting.Lock()
	defer e.waiting.Unlock()
	return len(e.queue)
}
