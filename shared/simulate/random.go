package simulate

import (
	"math"
	"math/rand/v2"
	"time"
)

// Random streams. Each part of a run draws from its own stream of the seed, so that
// what one part draws does not shift what another does: both worlds see the same
// leads arrive and the same reps' days, and a change to how reps answer leaves the
// arrivals alone. Reactions draw from a source per decision (world.draw).
const (
	streamArrivals uint64 = iota + 1
	streamDays
	streamReactions
)

// randT is the random source every draw uses.
type randT = rand.Rand

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// z90 is the 90th percentile of the standard normal distribution.
const z90 = 1.2815515655446004

// sample draws a duration from the distribution, rounded to the second.
func (d Dist) sample(r *rand.Rand) time.Duration {
	if d.fixed() || d.Median <= 0 {
		return time.Duration(d.Median).Round(time.Second)
	}
	sigma := math.Log(float64(d.P90)/float64(d.Median)) / z90
	v := float64(d.Median) * math.Exp(sigma*r.NormFloat64())
	// A log-normal's far tail is longer than any wait worth modelling: cap it at ten
	// times the 90th percentile.
	v = math.Min(v, 10*float64(d.P90))
	return time.Duration(v).Round(time.Second)
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	switch {
	case p <= 0:
		return false
	case p >= 1:
		return true
	}
	return r.Float64() < p
}

// poisson draws the number of events of a Poisson process with mean lambda.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 500 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		return max(n, 0)
	}
	limit, p, n := math.Exp(-lambda), 1.0, 0
	for {
		p *= r.Float64()
		if p <= limit {
			return n
		}
		n++
	}
}

// exponential draws the wait until the next event of a process with the rate per
// hour; a rate of zero never comes.
func exponential(r *rand.Rand, perHour float64) (time.Duration, bool) {
	if perHour <= 0 {
		return 0, false
	}
	return time.Duration(r.ExpFloat64() / perHour * float64(time.Hour)).Round(time.Second), true
}
