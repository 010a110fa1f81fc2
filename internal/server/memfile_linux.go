package server

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// memoryFile creates an anonymous memory file (memfd_create) and returns
// it with a name that opens it again (/proc/self/fd/N) for as long as the
// returned file is open. Its memory is freed when the last descriptor of
// it is closed.
func memoryFile() (*os.File, string, error) {
	fd, err := unix.MemfdCreate("capsandbox", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, "", err
	}
	f := os.NewFile(uintptr(fd), "capsandbox")
	name := fmt.Sprintf("/proc/self/fd/%d", fd)
	if _, err := os.Stat(name); err != nil { // no /proc
		f.Close()
		return nil, "", err
	}
	return f, name, nil
}
