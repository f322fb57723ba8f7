package outbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// readSent returns the ids of the messages the log holds, so that a message sent
// again after a crash (its effect not yet marked done) is not written twice. A last
// line cut short by a crash is cut off: its Send never returned, and the message goes
// out again whole.
func readSent(path string) (map[string]bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	sent := map[string]bool{}
	r := bufio.NewReaderSize(f, 64<<10)
	var whole int64 // bytes up to the end of the last complete line
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			if len(line) > 0 {
				if err := f.Truncate(whole); err != nil {
					return nil, fmt.Errorf("cut the unfinished last line of %s: %w", path, err)
				}
			}
			return sent, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		whole += int64(len(line))
		var rec struct {
			MessageID string `json:"messageId"`
		}
		// A line that is not a record (edited by hand) names no message: skip it.
		if json.Unmarshal(bytes.TrimSpace(line), &rec) == nil && rec.MessageID != "" {
			sent[rec.MessageID] = true
		}
	}
}
