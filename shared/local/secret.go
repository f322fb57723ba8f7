package local

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// secretSize is the length of the key that signs action links.
const secretSize = 32

// loadSecret returns the data directory's signing key, creating it on first start.
// Links sent before a restart must keep working, so the key outlives the process.
func loadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case err == nil && len(b) >= secretSize:
		return b, nil
	case err == nil:
		return nil, fmt.Errorf("signing key %s is %d bytes, want %d: delete it to make a new one (links already sent stop working)", path, len(b), secretSize)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	b = make([]byte, secretSize)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("make signing key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	return b, f.Close()
}
