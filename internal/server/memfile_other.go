//go:build !linux

package server

import (
	"errors"
	"os"
)

// memoryFile is not available here: a temporary store is a file under
// $TMPDIR.
func memoryFile() (*os.File, string, error) { return nil, "", errors.ErrUnsupported }
