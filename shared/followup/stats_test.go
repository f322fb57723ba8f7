package followup

import (
	"fmt"
	"testing"
)

func TestPercentile(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   *float64
	}{
		{"nothing has no median", nil, 0.5, nil},
		{"nothing has no p90", []float64{}, 0.9, nil},
		{"one value is every percentile", []float64{42}, 0.9, f(42)},
		{"the median of two is their mean", []float64{10, 20}, 0.5, f(15)},
		{"the median of an odd count is the middle one", []float64{1, 2, 100}, 0.5, f(2)},
		{"the median of an even count is the mean of the middle two", []float64{1, 2, 4, 100}, 0.5, f(3)},
		{"p90 interpolates between the nearest ranks", []float64{1, 2, 3, 4}, 0.9, f(3.7)},
		{"p90 of ten is between the ninth and the tenth", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9, f(9.1)},
		{"p0 is the least", []float64{3, 5, 8}, 0, f(3)},
		{"p100 is the most, never beyond", []float64{3, 5, 8}, 1, f(8)},
		{"ties stay put", []float64{7, 7, 7, 7}, 0.9, f(7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); !sameFloat(got, tt.want) {
				t.Errorf("percentile(%v, %v) = %s, want %s", tt.sorted, tt.p, show(got), show(tt.want))
			}
		})
	}
}

func TestMeanAndShare(t *testing.T) {
	tests := []struct {
		name string
		got  *float64
		want *float64
	}{
		{"mean of nothing", mean(nil), nil},
		{"mean", mean([]float64{60, 120, 300}), f(160)},
		{"share of nothing is not 0 %", share(0, 0), nil},
		{"none of some is 0 %", share(0, 4), f(0)},
		{"share", share(3, 4), f(0.75)},
		{"all", share(4, 4), f(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !sameFloat(tt.got, tt.want) {
				t.Errorf("%s, want %s", show(tt.got), show(tt.want))
			}
		})
	}
}

func f(v float64) *float64 { return &v }

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	d := *a - *b
	return d < 1e-9 && d > -1e-9
}

func show(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}
