import TesseraCore
import TesseraTestSupport

/// Parses a complete JSON document from raw bytes (which, unlike a String, may be invalid UTF-8).
func parseJSON(bytes: [UInt8]) throws(JSONError) -> Value {
    let result = bytes.withUnsafeBufferPointer { buffer in
        Result { () throws(JSONError) -> Value in
            var reader = JSONReader(buffer)
            let value = try reader.readValue()
            try reader.expectEnd()
            return value
        }
    }
    return try result.get()
}

/// The error a JSON text produces, or nil when it parses.
func jsonError(_ text: String) -> JSONError? {
    do {
        _ = try JSONReader.parse(text)
        return nil
    } catch {
        return error
    }
}

/// The error a JSON byte sequence produces, or nil when it parses.
func jsonError(bytes: [UInt8]) -> JSONError? {
    do {
        _ = try parseJSON(bytes: bytes)
        return nil
    } catch {
        return error
    }
}

/// Structural equality that also distinguishes doubles by bit pattern (so -0.0 != 0.0 and NaN == NaN).
func bitwiseEqual(_ lhs: Value, _ rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
    case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { bitwiseEqual($0, $1) }
    case (.map(let a), .map(let b)):
        return a.count == b.count && a.allSatisfy { key, value in b[key].map { bitwiseEqual(value, $0) } ?? false }
    default: return lhs == rhs
    }
}

/// Random ``Value`` trees for round-trip tests.
struct ValueGenerator {
    /// Whether to produce `.bytes` (JSON writes them as base64 strings, which do not read back as bytes).
    var includeBytes: Bool
    /// Whether to produce NaN and infinities (JSON has no spelling for them).
    var includeNonFinite: Bool
    var maxDepth = 4

    /// Scalars chosen to stress escaping and UTF-8: quotes, backslashes, controls, DEL, 2/3/4-byte sequences.
    static let stringAlphabet: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}",
        "\u{7F}", "\u{80}", "é", "ß", "\u{2028}", "\u{FEFF}", "€", "\u{FFFD}", "\u{FFFF}", "😀", "𝄞", "\u{10FFFF}",
    ]

    func string(_ rng: inout SeededRandom) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            text.append(Self.stringAlphabet.randomElement(using: &rng)!)
        }
        return String(text)
    }

    func double(_ rng: inout SeededRandom) -> Double {
        let special: [Double] = [
            0, -0.0, 1, -1, 0.1, 1e16, 1e-7, 123.456, .pi, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .leastNonzeroMagnitude, .leastNormalMagnitude, Double(Int64.max), 9_007_199_254_740_992,
            Double.leastNormalMagnitude.nextDown,
        ]
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return special.randomElement(using: &rng)!
        case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 64
        default:
            while true {
                let candidate = Double(bitPattern: rng.next())
                if candidate.isFinite || includeNonFinite { return candidate }
            }
        }
    }

    func value(_ rng: inout SeededRandom, depth: Int = 0) -> Value {
        let kinds = depth >= maxDepth ? 7 : 9
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            let edge: [Int64] = [0, -1, 1, .min, .max, Int64(1) << 53, -(Int64(1) << 53)]
            return .int(
                Bool.random(using: &rng)
                    ? edge.randomElement(using: &rng)! : Int64.random(in: .min ... .max, using: &rng))
        case 3: return .double(double(&rng))
        case 4: return .string(string(&rng))
        case 5:
            if includeBytes {
                return .bytes(
                    (0..<Int.random(in: 0...10, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            }
            return .string(string(&rng))
        case 6: return .int(Int64.random(in: -300...300, using: &rng))
        case 7:
            return .list((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var entries: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { entries[string(&rng)] = value(&rng, depth: depth + 1) }
            return .map(entries)
        }
    }
}
