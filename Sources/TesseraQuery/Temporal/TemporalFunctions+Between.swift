/// `duration.between`, `duration.inMonths`, `duration.inDays`, `duration.inSeconds`.
extension TemporalFunctions {
    /// Which parts of the difference to compute.
    enum BetweenUnit {
        /// Months, then days, then seconds (`duration.between`).
        case all
        case months
        case days
        case seconds
    }

    /// One operand of `duration.between`, completed from the other: a value without a date takes the other's
    /// date, a value without a time is at midnight, and a value without a zone is read in the other's zone.
    private struct Moment {
        var day: Int64
        var nano: Int64
        /// The zone the value carries itself (with the offset in force).
        var ownZone: (zone: TemporalZone, offset: Int32)?
        /// The actual instant, for datetimes.
        var dateTime: DateTimeValue?

        var local: (day: Int64, nano: Int64) { (day, nano) }

        /// The instant, reading the local time in `zone` when the value has none of its own.
        func instant(in zone: TemporalZone?) -> (seconds: Int64, nanos: Int64) {
            if let dateTime { return dateTime.instant }
            let localSecond = day * TemporalCalendar.secondsPerDay + nano / TemporalCalendar.nanosPerSecond
            let fraction = nano % TemporalCalendar.nanosPerSecond
            if let ownZone { return (localSecond - Int64(ownZone.offset), fraction) }
            guard let zone else { return (localSecond, fraction) }
            return (zone.resolve(localEpochSecond: localSecond).epochSecond, fraction)
        }

        /// The local date and time seen in `zone`.
        func local(in zone: TemporalZone?) -> (day: Int64, nano: Int64) {
            guard let zone, ownZone != nil else { return local }
            let (seconds, nanos) = instant(in: zone)
            let shifted = seconds + Int64(zone.offset(atEpochSecond: seconds))
            let value = LocalDateTimeValue(epochSecond: shifted, nanosecond: Int32(nanos))
            return (value.day, value.nanoOfDay)
        }
    }

    /// The duration from `a` to `b`; null when either is null.
    static func between(_ a: QueryValue, _ b: QueryValue, unit: BetweenUnit) throws(QueryError) -> QueryValue {
        if case .null = a { return .null }
        if case .null = b { return .null }
        guard let pa = TemporalParts(a), let pb = TemporalParts(b) else {
            throw .type("duration.between expects two dates, times or datetimes")
        }
        let bothDated = pa.day != nil && pb.day != nil
        let zone = pa.zone ?? pb.zone
        func moment(_ parts: TemporalParts, _ other: TemporalParts, _ value: QueryValue) -> Moment {
            var dateTime: DateTimeValue?
            if case .dateTime(let v) = value { dateTime = v }
            let own = parts.zone.flatMap { z in parts.offset.map { (z, $0) } }
            return Moment(
                day: parts.day ?? other.day ?? 0, nano: parts.nano ?? 0, ownZone: own, dateTime: dateTime)
        }
        let start = moment(pa, pb, a)
        let end = moment(pb, pa, b)
        var months: Int64 = 0
        var days: Int64 = 0
        var from = start
        if bothDated && unit != .seconds {
            let endLocal = end.local(in: zone)
            if unit == .days {
                return .duration(
                    DurationValue(
                        months: 0, days: TemporalCalendar.daysBetween(start.local, endLocal), seconds: 0, nanoseconds: 0
                    ))
            }
            months = TemporalCalendar.monthsBetween(start.local, endLocal)
            if unit == .months { return .duration(DurationValue(months: months, days: 0, seconds: 0, nanoseconds: 0)) }
            let shifted = (day: TemporalCalendar.plusMonths(start.day, months), nano: start.nano)
            days = TemporalCalendar.daysBetween(shifted, endLocal)
            from = Moment(day: shifted.day + days, nano: start.nano, ownZone: nil, dateTime: nil)
            if let ownZone = start.ownZone {
                let local = LocalDateTimeValue(day: from.day, nano: from.nano)
                from.dateTime = DateTimeValue(local: local, zone: ownZone.zone, preferredOffset: ownZone.offset)
            }
        } else if unit == .months || unit == .days {
            return .duration(.zero)
        }
        let (s0, n0) = from.instant(in: zone)
        let (s1, n1) = end.instant(in: zone)
        guard let value = DurationValue.normalized(months: months, days: days, seconds: s1 - s0, nanos: n1 - n0) else {
            throw outOfRange()
        }
        return .duration(value)
    }
}
