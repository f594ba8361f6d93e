/// The outcome of comparing two values with `<`, `<=`, `>`, `>=`.
///
/// `unordered` is the answer for NaN against a number: every one of the four operators is false, while
/// the operands are still comparable (the answer is not null).
enum ValueComparison: Sendable, Equatable {
    case less
    case equal
    case greater
    case unordered

    /// The comparison of two `Comparable` values that are never unordered.
    static func of<T: Comparable>(_ a: T, _ b: T) -> ValueComparison {
        a < b ? .less : (a == b ? .equal : .greater)
    }

    /// The same comparison seen from the other operand.
    var reversed: ValueComparison {
        switch self {
        case .less: .greater
        case .greater: .less
        case .equal, .unordered: self
        }
    }
}

/// Equality, comparison, ordering and equivalence with openCypher semantics.
extension QueryValue {
    /// `a = b`: true, false, or nil (null) when the answer is unknown.
    ///
    /// Numbers compare by value (`1 = 1.0`), NaN equals nothing, lists and maps compare element by element
    /// and are null only when no pair is definitely unequal, graph elements compare by identity, paths by
    /// their elements (not their direction), and values of different types are unequal.
    static func equals(_ a: QueryValue, _ b: QueryValue) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            return combineEquality(zip(x, y).lazy.map { equals($0, $1) })
        case (.map(let x), .map(let y)):
            guard x.count == y.count, x.keys.allSatisfy({ y[$0] != nil }) else { return false }
            return combineEquality(x.lazy.map { key, value in equals(value, y[key] ?? .null) })
        default:
            if let numeric = compareNumbers(a, b) { return numeric == .equal }
            return sameScalar(a, b)
        }
    }

    /// `a < b` style comparison, or nil (null) when the operands are incomparable.
    ///
    /// Numbers compare with each other (NaN gives ``ValueComparison/unordered``), strings by Unicode scalars,
    /// booleans with `false < true`, byte strings bytewise, lists lexicographically (null when an element pair
    /// that decides is incomparable) and temporal values of the same type through ``TemporalFunctions``.
    /// Everything else (maps, graph elements, paths, points, geometries, durations, mixed types) is null.
    static func compare(_ a: QueryValue, _ b: QueryValue) -> ValueComparison? {
        if let numeric = compareNumbers(a, b) { return numeric }
        switch (a, b) {
        case (.string(let x), .string(let y)): return compareStrings(x, y)
        case (.bool(let x), .bool(let y)): return ValueComparison.of(x ? 1 : 0, y ? 1 : 0)
        case (.bytes(let x), .bytes(let y)): return compareBytes(x, y)
        case (.list(let x), .list(let y)):
            for (left, right) in zip(x, y) {
                guard let pair = compare(left, right) else { return nil }
                if pair != .equal { return pair }
            }
            return ValueComparison.of(x.count, y.count)
        case (.duration, _), (_, .duration): return nil
        default:
            guard let order = compareTemporal(a, b) else { return nil }
            return ValueComparison.of(order, 0)
        }
    }

    /// `a < b`: true, false or nil (null).
    static func lessThan(_ a: QueryValue, _ b: QueryValue) -> Bool? { compare(a, b).map { $0 == .less } }

    /// `a <= b`: true, false or nil (null).
    static func lessThanOrEqual(_ a: QueryValue, _ b: QueryValue) -> Bool? {
        compare(a, b).map { $0 == .less || $0 == .equal }
    }

    /// `a > b`: true, false or nil (null).
    static func greaterThan(_ a: QueryValue, _ b: QueryValue) -> Bool? { compare(a, b).map { $0 == .greater } }

    /// `a >= b`: true, false or nil (null).
    static func greaterThanOrEqual(_ a: QueryValue, _ b: QueryValue) -> Bool? {
        compare(a, b).map { $0 == .greater || $0 == .equal }
    }

    /// The total order used by ORDER BY (and min/max across types): negative, zero or positive.
    ///
    /// Types sort as map < node < relationship < list < path < datetime < localdatetime < date < time <
    /// localtime < duration < point < geometry < bytes < string < boolean < number < null; NaN is the
    /// largest number. Zero exactly when the values are equivalent (the `==` of this type).
    static func orderCompare(_ a: QueryValue, _ b: QueryValue) -> Int {
        let rankA = a.orderRank
        let rankB = b.orderRank
        guard rankA == rankB else { return rankA < rankB ? -1 : 1 }
        switch (a, b) {
        case (.map(let x), .map(let y)): return orderMaps(x, y)
        case (.node(let x), .node(let y)): return orderNodes(x, y)
        case (.relationship(let x), .relationship(let y)): return orderRelationships(x, y)
        case (.list(let x), .list(let y)): return orderLists(x, y, orderCompare)
        case (.path(let x), .path(let y)):
            let nodes = orderLists(x.nodes, y.nodes, orderNodes)
            return nodes != 0 ? nodes : orderLists(x.relationships, y.relationships, orderRelationships)
        case (.point(let x), .point(let y)): return orderPoints(x, y)
        case (.geometry(let x), .geometry(let y)): return x == y ? 0 : sign(compareStrings(x.wkt, y.wkt))
        case (.bytes(let x), .bytes(let y)): return sign(compareBytes(x, y))
        case (.string(let x), .string(let y)): return sign(compareStrings(x, y))
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.null, .null): return 0
        case (.duration(let x), .duration(let y)): return orderDurations(x, y)
        default:
            if let numeric = compareNumbers(a, b) { return orderNumbers(a, b, numeric) }
            return compareTemporal(a, b) ?? 0
        }
    }

    /// The position of this value's type in the ORDER BY order.
    private var orderRank: Int {
        switch self {
        case .map: 0
        case .node: 1
        case .relationship: 2
        case .list: 3
        case .path: 4
        case .dateTime: 5
        case .localDateTime: 6
        case .date: 7
        case .time: 8
        case .localTime: 9
        case .duration: 10
        case .point: 11
        case .geometry: 12
        case .bytes: 13
        case .string: 14
        case .bool: 15
        case .int, .float: 16
        case .null: 17
        }
    }
}

// MARK: - Helpers

extension QueryValue {
    /// Three-valued AND over element equalities: false wins, then null, else true.
    private static func combineEquality(_ results: some Sequence<Bool?>) -> Bool? {
        var sawNull = false
        for result in results {
            guard let result else {
                sawNull = true
                continue
            }
            if !result { return false }
        }
        return sawNull ? nil : true
    }

    /// Equality of two non-null, non-numeric, non-collection values.
    private static func sameScalar(_ a: QueryValue, _ b: QueryValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.node(let x), .node(let y)): return x == y
        case (.relationship(let x), .relationship(let y)): return x == y
        case (.path(let x), .path(let y)): return x.nodes == y.nodes && x.relationships == y.relationships
        case (.point(let x), .point(let y)): return x.srid == y.srid && x.x == y.x && x.y == y.y && x.z == y.z
        case (.geometry(let x), .geometry(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        default: return compareTemporal(a, b) == 0
        }
    }

    /// The comparison of two numbers (ints and floats in any mix); nil when either is not a number.
    static func compareNumbers(_ a: QueryValue, _ b: QueryValue) -> ValueComparison? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return ValueComparison.of(x, y)
        case (.float(let x), .float(let y)): return x.isNaN || y.isNaN ? .unordered : ValueComparison.of(x, y)
        case (.int(let x), .float(let y)): return compareExactly(x, y)
        case (.float(let x), .int(let y)): return compareExactly(y, x).reversed
        default: return nil
        }
    }

    /// Compares an integer with a float without rounding either (`2^53 + 1 > 2^53` even as a float).
    private static func compareExactly(_ x: Int64, _ y: Double) -> ValueComparison {
        if y.isNaN { return .unordered }
        if y >= 9_223_372_036_854_775_808.0 { return .less }
        if y < -9_223_372_036_854_775_808.0 { return .greater }
        let whole = y.rounded(.towardZero)
        let wholeInt = Int64(whole)
        if x != wholeInt { return ValueComparison.of(x, wholeInt) }
        let fraction = y - whole
        return fraction > 0 ? .less : (fraction < 0 ? .greater : .equal)
    }

    /// Orders two numbers totally: NaN after every other number, all NaNs together.
    private static func orderNumbers(_ a: QueryValue, _ b: QueryValue, _ comparison: ValueComparison) -> Int {
        switch comparison {
        case .less: return -1
        case .equal: return 0
        case .greater: return 1
        case .unordered:
            let aIsNaN = a.isNaN
            let bIsNaN = b.isNaN
            return aIsNaN == bIsNaN ? 0 : (aIsNaN ? 1 : -1)
        }
    }

    /// Whether this is a float NaN.
    var isNaN: Bool {
        if case .float(let number) = self { return number.isNaN }
        return false
    }

    /// Strings compare by Unicode scalar values (not by grapheme or locale).
    static func compareStrings(_ a: String, _ b: String) -> ValueComparison {
        var left = a.unicodeScalars.makeIterator()
        var right = b.unicodeScalars.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return .equal
            case (nil, _): return .less
            case (_, nil): return .greater
            case (let x?, let y?): if x != y { return x.value < y.value ? .less : .greater }
            }
        }
    }

    private static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> ValueComparison {
        for (x, y) in zip(a, b) where x != y { return x < y ? .less : .greater }
        return ValueComparison.of(a.count, b.count)
    }

    private static func sign(_ comparison: ValueComparison) -> Int {
        switch comparison {
        case .less: -1
        case .equal, .unordered: 0
        case .greater: 1
        }
    }

    /// Compares temporal values of the same type: ``TemporalFunctions/compare(_:_:)`` first, then a field order
    /// as a fallback; nil for different or non-temporal types and for durations.
    private static func compareTemporal(_ a: QueryValue, _ b: QueryValue) -> Int? {
        let fallback: Int
        switch (a, b) {
        case (.date(let x), .date(let y)): fallback = orderFields([x.epochDay], [y.epochDay])
        case (.localTime(let x), .localTime(let y)):
            fallback = orderFields([x.nanosecondOfDay], [y.nanosecondOfDay])
        case (.time(let x), .time(let y)):
            fallback = orderFields(
                [x.utcNanosecondOfDay, Int64(x.offsetSeconds)], [y.utcNanosecondOfDay, Int64(y.offsetSeconds)])
        case (.localDateTime(let x), .localDateTime(let y)):
            fallback = orderFields([x.epochSecond, Int64(x.nanosecond)], [y.epochSecond, Int64(y.nanosecond)])
        case (.dateTime(let x), .dateTime(let y)):
            fallback = orderFields([x.epochSecond, Int64(x.nanosecond)], [y.epochSecond, Int64(y.nanosecond)])
        default: return nil
        }
        return TemporalFunctions.compare(a, b).map { $0 == 0 ? 0 : ($0 < 0 ? -1 : 1) } ?? fallback
    }

    private static func orderFields(_ a: [Int64], _ b: [Int64]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    private static func orderDurations(_ a: DurationValue, _ b: DurationValue) -> Int {
        orderFields(
            [a.months, a.days, a.seconds, Int64(a.nanoseconds)], [b.months, b.days, b.seconds, Int64(b.nanoseconds)])
    }

    private static func orderLists<T>(_ a: [T], _ b: [T], _ order: (T, T) -> Int) -> Int {
        for (x, y) in zip(a, b) {
            let result = order(x, y)
            if result != 0 { return result }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Maps order by their entries sorted by key: key first, then value, then the number of entries.
    private static func orderMaps(_ a: [String: QueryValue], _ b: [String: QueryValue]) -> Int {
        let left = a.sorted { compareStrings($0.key, $1.key) == .less }
        let right = b.sorted { compareStrings($0.key, $1.key) == .less }
        return orderLists(left, right) { x, y in
            let keys = sign(compareStrings(x.key, y.key))
            return keys != 0 ? keys : orderCompare(x.value, y.value)
        }
    }

    private static func orderNodes(_ a: NodeValue, _ b: NodeValue) -> Int {
        let ids = sign(compareStrings(a.id, b.id))
        return ids != 0 ? ids : orderFields([a.validFrom, a.systemFrom], [b.validFrom, b.systemFrom])
    }

    private static func orderRelationships(_ a: RelationshipValue, _ b: RelationshipValue) -> Int {
        let ids = sign(compareStrings(a.id, b.id))
        return ids != 0 ? ids : orderFields([a.validFrom, a.systemFrom], [b.validFrom, b.systemFrom])
    }

    private static func orderPoints(_ a: PointValue, _ b: PointValue) -> Int {
        if a.srid != b.srid { return a.srid < b.srid ? -1 : 1 }
        let coordinates = orderLists([a.x, a.y], [b.x, b.y], orderDoubles)
        if coordinates != 0 { return coordinates }
        switch (a.z, b.z) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): return orderDoubles(x, y)
        }
    }

    /// Doubles in a total order: numeric, `-0.0 == 0.0`, every NaN equal and last.
    private static func orderDoubles(_ a: Double, _ b: Double) -> Int {
        if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1) }
        return a == b ? 0 : (a < b ? -1 : 1)
    }
}

extension TimeValue {
    /// Nanoseconds since midnight UTC, `0..<86_400 * 10^9`.
    var utcNanosecondOfDay: Int64 {
        let day: Int64 = 86_400 * 1_000_000_000
        let shifted = (nanosecondOfDay - Int64(offsetSeconds) * 1_000_000_000) % day
        return shifted < 0 ? shifted + day : shifted
    }
}

// MARK: - Equivalence

/// Equivalence, the equality of DISTINCT, grouping keys and `IN` on identical values: like `=` except that
/// null is equivalent to null and NaN to NaN. `1` and `1.0` are equivalent (one group), as in `1 = 1.0`.
/// Exactly the values for which ``orderCompare(_:_:)`` is zero.
extension QueryValue: Hashable {
    public static func == (a: QueryValue, b: QueryValue) -> Bool { orderCompare(a, b) == 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(orderRank)
        switch self {
        case .null: break
        case .bool(let flag): hasher.combine(flag)
        case .int(let number):
            // Hash like the float of equal value when there is one, so 1 and 1.0 collide as they must.
            let asFloat = Double(number)
            if Int64(exactly: asFloat) == number { hasher.combine(asFloat) } else { hasher.combine(number) }
        case .float(let number): Self.hashDouble(number, into: &hasher)
        case .string(let text): hasher.combine(Array(text.unicodeScalars.lazy.map(\.value)))
        case .bytes(let data): hasher.combine(data)
        case .list(let items): hasher.combine(items)
        case .map(let entries):
            hasher.combine(entries.count)
            for key in entries.keys.sorted(by: { Self.compareStrings($0, $1) == .less }) {
                hasher.combine(Array(key.unicodeScalars.lazy.map(\.value)))
                hasher.combine(entries[key])
            }
        case .node(let node): hasher.combine(node)
        case .relationship(let relationship): hasher.combine(relationship)
        case .path(let path):
            hasher.combine(path.nodes)
            hasher.combine(path.relationships)
        case .point(let point):
            hasher.combine(point.srid)
            for coordinate in [point.x, point.y, point.z ?? 0] { Self.hashDouble(coordinate, into: &hasher) }
        case .geometry(let geometry): hasher.combine(geometry.wkt)
        case .date(let date): hasher.combine(date.epochDay)
        case .localTime(let time): hasher.combine(time.nanosecondOfDay)
        case .time(let time): hasher.combine(time.utcNanosecondOfDay)
        case .localDateTime(let value):
            hasher.combine(value.epochSecond)
            hasher.combine(value.nanosecond)
        case .dateTime(let value):
            hasher.combine(value.epochSecond)
            hasher.combine(value.nanosecond)
        case .duration(let duration): hasher.combine(duration)
        }
    }

    /// Hashes a double so that equal doubles (including `-0.0` and `0.0`) and all NaNs collide.
    private static func hashDouble(_ number: Double, into hasher: inout Hasher) {
        if number.isNaN { hasher.combine(Double.infinity.bitPattern ^ 1) } else { hasher.combine(number) }
    }
}
