package memstore_test

import (
	"testing"

	"github.com/capsandbox/capsandbox/internal/memstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sandbox.Store { return memstore.New() })
}
