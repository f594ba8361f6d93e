import TesseraCore
import TesseraStorage

/// The order-preserving encoding of indexed property values (the value component of `0x14` keys).
///
/// A type tag, then the value: booleans (`0x10`, then 0 or 1), numbers (`0x20`, then the ordered bits
/// of the value as a double, -0.0 written as 0.0) and strings (`0x30`, then ``KeyWriter``'s escaped
/// UTF-8 with its terminator). Integers and floats share one order, so `1` and `1.0` have one key, as
/// `1 = 1.0` in queries; integers beyond 2^53 round to the nearest double, which keeps the order (never
/// reverses it), so a range over the rounded bounds, inclusive at magnitudes of 2^53 and more, holds every
/// match and readers re-check exactly.
/// Other values (null, bytes, lists, maps, and the temporal and spatial values stored as maps) get no
/// entry.
enum IndexValueEncoding {
    static let boolTag: UInt8 = 0x10
    static let numberTag: UInt8 = 0x20
    static let stringTag: UInt8 = 0x30

    /// The encoded value, or nil when the index holds no entry for values of this type.
    static func encode(_ value: Value) -> [UInt8]? {
        var key = KeyWriter()
        switch value {
        case .bool(let flag):
            key.append(byte: boolTag)
            key.append(byte: flag ? 1 : 0)
        case .int(let number):
            key.append(byte: numberTag)
            key.append(Double(number))
        case .double(let number):
            key.append(byte: numberTag)
            key.append(number == 0 ? 0.0 : number)
        case .string(let text):
            key.append(byte: stringTag)
            key.append(text)
        default:
            return nil
        }
        return key.bytes
    }

    /// Whether only values equal to `value` share its encoding, so that a strict bound may skip it. Not so
    /// for numbers of magnitude 2^53 or more: neighbouring integers there round onto one double, and
    /// `2^53 + 1 > 2^53` although both have the key of 2^53.
    static func isExact(_ value: Value) -> Bool {
        switch value {
        case .int(let number): return number.magnitude < 1 << 53
        case .double(let number): return !(number.magnitude >= 9_007_199_254_740_992)
        default: return true
        }
    }

    /// The tag of an encodable value.
    static func tag(of encoded: [UInt8]) -> UInt8 { encoded[0] }
}

/// A range of indexed values to seek: `[lower, upper)` over their encodings (``IndexValueEncoding``).
///
/// Ranges are built from the predicates an index can serve: equality, comparisons (`<`, `<=`, `>`, `>=`,
/// one or both sides) and string prefixes. A comparison range stays inside its value's type, as
/// comparisons across types are never true. Values an index holds no entry for make no range (nil).
public struct PropertyIndexRange: Sendable, Hashable, CustomStringConvertible {
    /// The smallest encoded value inside.
    let lower: [UInt8]
    /// The smallest encoded value above the range.
    let upper: [UInt8]

    init(lower: [UInt8], upper: [UInt8]) {
        self.lower = lower
        self.upper = upper
    }

    /// One side of a comparison range.
    public struct Bound: Sendable, Hashable {
        /// The bounding value.
        public var value: Value
        /// Whether the value itself is inside (`<=`, `>=`).
        public var inclusive: Bool

        /// Creates a bound.
        public init(_ value: Value, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    /// Whether an index holds entries for `value` (booleans, numbers and strings).
    public static func isIndexable(_ value: Value) -> Bool { IndexValueEncoding.encode(value) != nil }

    /// The values equal to `value`; nil when `value` is not indexable.
    public static func equal(to value: Value) -> PropertyIndexRange? {
        guard let encoded = IndexValueEncoding.encode(value) else { return nil }
        return PropertyIndexRange(lower: encoded, upper: successor(encoded))
    }

    /// The values of the bounds' type between them (a missing side is open); nil when a bound is not
    /// indexable or both are missing. Bounds of different types give an empty range.
    public static func between(lower: Bound?, upper: Bound?) -> PropertyIndexRange? {
        var range: PropertyIndexRange?
        if let lower {
            guard let encoded = IndexValueEncoding.encode(lower.value) else { return nil }
            let exact = IndexValueEncoding.isExact(lower.value)
            let start = lower.inclusive || !exact ? encoded : successor(encoded)
            range = PropertyIndexRange(lower: start, upper: [IndexValueEncoding.tag(of: encoded) + 1])
        }
        if let upper {
            guard let encoded = IndexValueEncoding.encode(upper.value) else { return nil }
            let exact = IndexValueEncoding.isExact(upper.value)
            let end = upper.inclusive || !exact ? successor(encoded) : encoded
            let side = PropertyIndexRange(lower: [IndexValueEncoding.tag(of: encoded)], upper: end)
            range = range.map { $0.intersection(side) } ?? side
        }
        return range
    }

    /// The strings that start with `prefix` (every string for an empty prefix).
    public static func prefix(_ prefix: String) -> PropertyIndexRange {
        var key = KeyWriter()
        key.append(byte: IndexValueEncoding.stringTag)
        key.append(prefix)
        // Drop the terminator: every string starting with `prefix` encodes to these bytes and more.
        let start = Array(key.bytes.dropLast(2))
        return PropertyIndexRange(lower: start, upper: successor(start))
    }

    /// The values inside both ranges.
    public func intersection(_ other: PropertyIndexRange) -> PropertyIndexRange {
        PropertyIndexRange(
            lower: lower.lexicographicallyPrecedes(other.lower) ? other.lower : lower,
            upper: upper.lexicographicallyPrecedes(other.upper) ? upper : other.upper)
    }

    /// Whether no value lies inside.
    public var isEmpty: Bool { !lower.lexicographicallyPrecedes(upper) }

    /// Whether `value` lies inside (by its encoding).
    public func contains(_ value: Value) -> Bool {
        guard let encoded = IndexValueEncoding.encode(value) else { return false }
        return contains(encoded: encoded)
    }

    func contains(encoded: [UInt8]) -> Bool {
        !encoded.lexicographicallyPrecedes(lower) && encoded.lexicographicallyPrecedes(upper)
    }

    public var description: String {
        "[\(lower.map { String($0, radix: 16) }.joined(separator: " ")), \(upper.map { String($0, radix: 16) }.joined(separator: " ")))"
    }

    /// The smallest byte string above every string that starts with `bytes`.
    static func successor(_ bytes: [UInt8]) -> [UInt8] {
        // Encodings start with a tag below 0xFF, so a successor always exists.
        bytes.prefixSuccessor() ?? [0xFF]
    }
}
