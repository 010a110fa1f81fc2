package namespace

// NewTestJournal is newJournal for the tests.
func NewTestJournal(l JournalLimits, b *Budget) *Journal { return newJournal(l, b) }
