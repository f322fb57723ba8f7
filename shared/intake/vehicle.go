package intake

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/leadclock/leadclock/shared/lead"
)

// minYear is the earliest model year taken as one; older values are typos or junk.
const minYear = 1900

// vehicles reads "vehicle" and "vehicles" alike, in that order, dropping empty and
// repeated ones.
func (r *reader) vehicles(b body) []lead.Vehicle {
	var out []lead.Vehicle
	add := func(field string, o object[vehicleBody]) {
		if o.wrong != nil {
			r.warn(field, "expected an object, found %s; ignored", shownJSON(o.wrong))
			return
		}
		if v := r.vehicle(field, o.v); v != (lead.Vehicle{}) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	add("vehicle", b.Vehicle)
	for i, o := range first(r, "vehicles", b.Vehicles) {
		add(fmt.Sprintf("vehicles[%d]", i), o)
	}
	return out
}

func (r *reader) vehicle(field string, v vehicleBody) lead.Vehicle {
	out := lead.Vehicle{
		Year:  r.year(field+".year", v.Year),
		Make:  r.line(field+".make", v.Make, maxField),
		Model: r.line(field+".model", v.Model, maxField),
		Trim:  r.line(field+".trim", v.Trim, maxField),
		VIN:   strings.ToUpper(r.line(field+".vin", v.VIN, maxVIN)),
		Stock: r.line(field+".stock", v.Stock, maxField),
	}
	out.Status, out.StatusRaw = enum(vehicleStatuses, r.line(field+".status", v.Status, maxField))
	out.Interest, out.InterestRaw = enum(interests, r.line(field+".interest", v.Interest, maxField))
	if out.VIN != "" {
		if problem := vinProblem(out.VIN); problem != "" {
			r.warn(field+".vin", "%s; kept as sent", problem)
		}
	}
	return out
}

// year reads a model year sent as a number or as text. Anything else, or a year no
// car has (before 1900, or more than two years ahead of now, past the next model
// year), is left out with a warning.
func (r *reader) year(field string, t text) int {
	s := oneLine(r.text(field, t))
	if s == "" {
		return 0
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		// 2024.0 is a year a spreadsheet wrote.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
			r.warn(field, "%s is not a year; ignored", quoted(s))
			return 0
		}
		y = int(f)
	}
	if y < minYear || y > r.maxYear {
		r.warn(field, "%s is not a model year between %d and %d; ignored", quoted(s), minYear, r.maxYear)
		return 0
	}
	return y
}
