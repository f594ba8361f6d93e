import Foundation

/// The time zone of a temporal value: a fixed UTC offset or a named IANA zone.
enum TemporalZone: Sendable, Hashable {
    /// A fixed offset from UTC in seconds.
    case offset(Int32)
    /// An IANA zone (`Europe/Stockholm`), whose offset depends on the instant.
    case named(String)

    /// The largest offset magnitude accepted, 18 hours (as ISO 8601 and java.time allow).
    static let maxOffsetSeconds: Int32 = 18 * 3600

    /// UTC, the default zone of values built without one.
    static let utc = TemporalZone.offset(0)

    /// Parses `Z`, `+01`, `+0100`, `+01:00`, `+01:00:30` or an IANA zone name.
    static func parse(_ text: String) throws(QueryError) -> TemporalZone {
        if text == "Z" || text == "z" { return .offset(0) }
        if let first = text.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            guard let seconds = parseOffset(Array(text.utf8)) else {
                throw .argument("Invalid time zone offset '\(text)': expected Z, ±HH, ±HHMM, ±HH:MM or ±HH:MM:SS")
            }
            return .offset(seconds)
        }
        guard !text.isEmpty, TimeZone(identifier: text) != nil else {
            throw .argument("Unknown time zone '\(text)': expected an offset such as +01:00 or an IANA zone name")
        }
        return .named(text)
    }

    /// Parses a signed offset (`±HH`, `±HHMM`, `±HH:MM`, `±HH:MM:SS`, `±HHMMSS`); `nil` when malformed.
    static func parseOffset(_ bytes: [UInt8]) -> Int32? {
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        var parts: [Int32] = []
        var index = 1
        while index < bytes.count {
            if !parts.isEmpty && bytes[index] == UInt8(ascii: ":") {
                if parts.count == 1 && index != 3 { return nil }
                index += 1
            }
            guard index + 1 < bytes.count, let pair = twoDigits(bytes[index], bytes[index + 1]) else { return nil }
            parts.append(pair)
            index += 2
        }
        guard (1...3).contains(parts.count), parts[0] <= 18, parts.dropFirst().allSatisfy({ $0 < 60 }) else {
            return nil
        }
        let magnitude = parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
        guard magnitude <= maxOffsetSeconds else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func twoDigits(_ a: UInt8, _ b: UInt8) -> Int32? {
        guard (48...57).contains(a), (48...57).contains(b) else { return nil }
        return Int32(a - 48) * 10 + Int32(b - 48)
    }

    /// The zone's IANA name, when it has one.
    var name: String? {
        if case .named(let name) = self { return name }
        return nil
    }

    /// The offset from UTC in seconds at instant `epochSecond`.
    func offset(atEpochSecond epochSecond: Int64) -> Int32 {
        switch self {
        case .offset(let seconds):
            return seconds
        case .named(let name):
            guard let zone = TimeZone(identifier: name) else { return 0 }
            return Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epochSecond))))
        }
    }

    /// The instant and offset of local wall-clock time `localEpochSecond` in this zone.
    ///
    /// As java.time resolves it: in an overlap the earlier offset wins unless `preferredOffset` is
    /// valid; in a gap the local time moves forward by the length of the gap.
    func resolve(localEpochSecond: Int64, preferredOffset: Int32? = nil) -> (epochSecond: Int64, offset: Int32) {
        guard case .named = self else {
            let fixed = offset(atEpochSecond: localEpochSecond)
            return (localEpochSecond - Int64(fixed), fixed)
        }
        let before = offset(atEpochSecond: localEpochSecond - TemporalCalendar.secondsPerDay)
        let after = offset(atEpochSecond: localEpochSecond + TemporalCalendar.secondsPerDay)
        var valid: [Int32] = []
        for candidate in [before, after] where !valid.contains(candidate) {
            if offset(atEpochSecond: localEpochSecond - Int64(candidate)) == candidate { valid.append(candidate) }
        }
        if valid.isEmpty {
            // A gap: the instant computed with the earlier offset lands after the transition.
            let instant = localEpochSecond - Int64(before)
            return (instant, offset(atEpochSecond: instant))
        }
        if let preferredOffset, valid.contains(preferredOffset) {
            return (localEpochSecond - Int64(preferredOffset), preferredOffset)
        }
        let chosen = valid.count > 1 ? max(valid[0], valid[1]) : valid[0]
        return (localEpochSecond - Int64(chosen), chosen)
    }

    /// `Z`, or `±HH:MM` with `:SS` when the offset has seconds, as openCypher prints offsets.
    static func formatOffset(_ seconds: Int32) -> String {
        if seconds == 0 { return "Z" }
        let magnitude = abs(seconds)
        var text = seconds < 0 ? "-" : "+"
        text += pad2(magnitude / 3600) + ":" + pad2(magnitude / 60 % 60)
        if magnitude % 60 != 0 { text += ":" + pad2(magnitude % 60) }
        return text
    }

    private static func pad2(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
