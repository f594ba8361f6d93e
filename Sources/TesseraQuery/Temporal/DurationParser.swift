/// ISO 8601 duration text: `P1Y2M3W4DT5H6M7.5S` (any component may be signed or fractional) and the
/// alternative form `P2012-02-02T14:37:21.545`.
enum DurationParser {
    /// The duration written as `text`.
    static func parse(_ text: String) throws(QueryError) -> DurationValue {
        let bytes = Array(text.utf8)
        let invalid = QueryError.argument(
            "Invalid duration '\(text)': expected ISO 8601 such as P1Y2M10DT12H45M30.5S or P2012-02-02T14:37:21.545")
        var index = 0
        var negated = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
            negated = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "P") || bytes[index] == UInt8(ascii: "p") else {
            throw invalid
        }
        index += 1
        let rest = Array(bytes[index...])
        var amounts: [String: DurationAmount]
        if rest.count >= 5 && rest[0...3].allSatisfy(isDigit) && rest[4] == UInt8(ascii: "-") {
            guard let parsed = alternative(rest) else { throw invalid }
            amounts = parsed
        } else {
            guard let parsed = designated(rest) else { throw invalid }
            amounts = parsed
        }
        if negated {
            amounts = amounts.mapValues { DurationAmount(whole: -$0.whole, billionths: -$0.billionths) }
        }
        return try DurationBuilder.build(amounts)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// `nY nM nW nD T nH nM nS`, each optional but at least one present.
    private static func designated(_ bytes: [UInt8]) -> [String: DurationAmount]? {
        var amounts: [String: DurationAmount] = [:]
        var index = 0
        var inTime = false
        var order = 0
        while index < bytes.count {
            if !inTime && (bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t")) {
                inTime = true
                index += 1
                order = 0
                guard index < bytes.count else { return nil }
                continue
            }
            guard let (amount, next) = number(bytes, from: index), next < bytes.count else { return nil }
            let units: [(UInt8, String)] =
                inTime
                ? [(UInt8(ascii: "H"), "hours"), (UInt8(ascii: "M"), "minutes"), (UInt8(ascii: "S"), "seconds")]
                : [
                    (UInt8(ascii: "Y"), "years"), (UInt8(ascii: "M"), "months"), (UInt8(ascii: "W"), "weeks"),
                    (UInt8(ascii: "D"), "days"),
                ]
            let designator = bytes[next] & ~0x20
            guard let position = units.firstIndex(where: { $0.0 == designator }), position >= order else { return nil }
            order = position + 1
            amounts[units[position].1] = amount
            index = next + 1
        }
        return amounts.isEmpty ? nil : amounts
    }

    /// `YYYY-MM-DDThh:mm:ss[.fff]`.
    private static func alternative(_ bytes: [UInt8]) -> [String: DurationAmount]? {
        let text = String(decoding: bytes, as: UTF8.self)
        let halves = text.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3 else { return nil }
        var amounts: [String: DurationAmount] = [:]
        for (part, key) in zip(date, ["years", "months", "days"]) {
            guard let value = Int64(part), value >= 0 else { return nil }
            amounts[key] = DurationAmount(whole: value, billionths: 0)
        }
        if halves.count == 2 {
            let time = halves[1].split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 3 else { return nil }
            for (part, key) in zip(time.prefix(2), ["hours", "minutes"]) {
                guard let value = Int64(part), value >= 0 else { return nil }
                amounts[key] = DurationAmount(whole: value, billionths: 0)
            }
            let secondBytes = Array(time[2].utf8)
            guard let (seconds, end) = number(secondBytes, from: 0), end == secondBytes.count else { return nil }
            amounts["seconds"] = seconds
        }
        return amounts
    }

    /// A signed decimal number starting at `from`: its amount and the index after it.
    private static func number(_ bytes: [UInt8], from start: Int) -> (DurationAmount, Int)? {
        var index = start
        var negative = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var whole: Int64 = 0
        let digitsStart = index
        while index < bytes.count && isDigit(bytes[index]) {
            let (times, o1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(bytes[index] - 48))
            guard !o1 && !o2 else { return nil }
            whole = sum
            index += 1
        }
        guard index > digitsStart else { return nil }
        var billionths: Int64 = 0
        if index < bytes.count && (bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",")) {
            index += 1
            var scale: Int64 = 100_000_000
            let fractionStart = index
            while index < bytes.count && isDigit(bytes[index]) {
                billionths += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        return (
            DurationAmount(whole: negative ? -whole : whole, billionths: negative ? -billionths : billionths), index
        )
    }
}
