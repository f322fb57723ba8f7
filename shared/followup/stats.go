package followup

import (
	"math"
	"slices"
)

// sample is a set of durations in seconds, summed up once all are in.
type sample []float64

// percentile returns the p-th quantile (0 ≤ p ≤ 1) of sorted values, interpolating
// linearly between the nearest ranks, as a spreadsheet's PERCENTILE.INC does: the
// median of an even count is the mean of the middle two, and a percentile never lies
// outside the values. Nil for no values.
func percentile(sorted []float64, p float64) *float64 {
	if len(sorted) == 0 {
		return nil
	}
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	v := sorted[lo]
	if lo+1 < len(sorted) {
		v += (h - float64(lo)) * (sorted[lo+1] - sorted[lo])
	}
	return &v
}

func mean(values []float64) *float64 {
	if len(values) == 0 {
		return nil
	}
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	m := sum / float64(len(values))
	return &m
}

// share is n out of of, nil when of is 0: a share of nothing is not 0 %.
func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	s := float64(n) / float64(of)
	return &s
}

// sorted sorts the sample in place and returns it.
func (s sample) sorted() []float64 {
	slices.Sort(s)
	return s
}
