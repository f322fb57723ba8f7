package intake

import "testing"

func TestSplitName(t *testing.T) {
	tests := []struct{ full, first, last string }{
		{"Jane", "Jane", ""},
		{"Jane Doe", "Jane", "Doe"},
		{"Mary Jane van der Berg", "Mary Jane van der", "Berg"},
		{"Doe, Jane", "Jane", "Doe"},
		{"Doe, Jane Q.", "Jane Q.", "Doe"},
		{"John Smith Jr.", "John", "Smith Jr."},
		{"John Smith III", "John", "Smith III"},
		{"Smith, Jr.", "Smith, Jr.", ""},
		{"Doe,", "Doe", ""},
		{", Jane", "Jane", ""},
		{"A, B, C", "A, B,", "C"},
	}
	for _, tt := range tests {
		first, last := splitName(tt.full)
		if first != tt.first || last != tt.last {
			t.Errorf("splitName(%q) = %q, %q; want %q, %q", tt.full, first, last, tt.first, tt.last)
		}
	}
}
