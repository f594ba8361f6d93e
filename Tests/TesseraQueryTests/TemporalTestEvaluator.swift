@testable import TesseraQuery

/// A tiny evaluator for temporal test expressions, so cases read like queries:
/// `date({year: 1984, week: 10}).dayOfWeek`, `localtime('12:00') + duration('PT1H')`.
///
/// Grammar: literals (integers, floats, 'strings', null), maps `{key: expr}`, calls of dotted names,
/// property access `.key`, parentheses, and left-associative `+ - * /` (no precedence).
struct TemporalTestEvaluator {
    /// The statement clock used by no-argument constructors: 2024-03-01T08:00:00.123456Z.
    static let statementTime: Int64 = 1_709_280_000_123_456

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The value of `text`.
    static func evaluate(_ text: String) throws -> QueryValue {
        var evaluator = TemporalTestEvaluator(text)
        let value = try evaluator.expression()
        evaluator.skipSpaces()
        guard evaluator.index == evaluator.bytes.count else { throw Failure(description: "trailing text in \(text)") }
        return value
    }

    /// The printed form of `text`'s value: temporal text, or a plain rendering of other values.
    static func render(_ text: String) throws -> String { render(try evaluate(text)) }

    static func render(_ value: QueryValue) -> String {
        if let formatted = TemporalFunctions.format(value) { return formatted }
        switch value {
        case .null: return "null"
        case .int(let number): return String(number)
        case .float(let number): return String(number)
        case .string(let text): return "'" + text + "'"
        case .bool(let flag): return String(flag)
        default: return "\(value)"
        }
    }

    private mutating func expression() throws -> QueryValue {
        var value = try postfix()
        while true {
            skipSpaces()
            guard index < bytes.count, let op = "+-*/".utf8.first(where: { $0 == bytes[index] }) else { return value }
            index += 1
            let rhs = try postfix()
            let result: QueryValue?
            switch op {
            case UInt8(ascii: "+"): result = try TemporalFunctions.add(value, rhs)
            case UInt8(ascii: "-"): result = try TemporalFunctions.subtract(value, rhs)
            case UInt8(ascii: "*"): result = try TemporalFunctions.multiply(value, rhs)
            default: result = try TemporalFunctions.divide(value, rhs)
            }
            guard let result else { throw Failure(description: "operator on non-temporal operands") }
            value = result
        }
    }

    private mutating func postfix() throws -> QueryValue {
        var value = try primary()
        while peek(".") {
            index += 1
            let key = identifier()
            guard let result = try TemporalFunctions.property(value, key) else {
                throw Failure(description: "property \(key) of a non-temporal value")
            }
            value = result
        }
        return value
    }

    private mutating func primary() throws -> QueryValue {
        skipSpaces()
        guard index < bytes.count else { throw Failure(description: "unexpected end") }
        let byte = bytes[index]
        if byte == UInt8(ascii: "'") {
            index += 1
            let start = index
            while index < bytes.count && bytes[index] != UInt8(ascii: "'") { index += 1 }
            defer { index += 1 }
            return .string(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        if byte == UInt8(ascii: "(") {
            index += 1
            let value = try expression()
            try expect(")")
            return value
        }
        if byte == UInt8(ascii: "{") { return try map() }
        if byte == UInt8(ascii: "-") || (byte >= 48 && byte <= 57) { return try number() }
        var name = identifier()
        if name == "null" { return .null }
        while peek(".") {
            index += 1
            name += "." + identifier()
        }
        try expect("(")
        var arguments: [QueryValue] = []
        skipSpaces()
        if !peek(")") {
            arguments.append(try expression())
            while peek(",") {
                index += 1
                arguments.append(try expression())
            }
        }
        try expect(")")
        guard
            let value = try TemporalFunctions.call(
                name.lowercased(), arguments, statementTime: Self.statementTime)
        else { throw Failure(description: "unknown function \(name)") }
        return value
    }

    private mutating func map() throws -> QueryValue {
        try expect("{")
        var entries: [String: QueryValue] = [:]
        skipSpaces()
        while !peek("}") {
            let key = identifier()
            try expect(":")
            entries[key] = try expression()
            skipSpaces()
            if peek(",") { index += 1 }
            skipSpaces()
        }
        try expect("}")
        return .map(entries)
    }

    private mutating func number() throws -> QueryValue {
        let start = index
        if peek("-") { index += 1 }
        while index < bytes.count && (bytes[index] >= 48 && bytes[index] <= 57 || bytes[index] == UInt8(ascii: ".")) {
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if text.contains("."), let value = Double(text) { return .float(value) }
        guard let value = Int64(text) else { throw Failure(description: "bad number \(text)") }
        return .int(value)
    }

    private mutating func identifier() -> String {
        skipSpaces()
        let start = index
        while index < bytes.count
            && (bytes[index] == UInt8(ascii: "_") || (bytes[index] | 0x20 >= 97 && bytes[index] | 0x20 <= 122)
                || (bytes[index] >= 48 && bytes[index] <= 57))
        {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipSpaces() {
        while index < bytes.count && (bytes[index] == 32 || bytes[index] == 10) { index += 1 }
    }

    private mutating func peek(_ character: Character) -> Bool {
        skipSpaces()
        return index < bytes.count && bytes[index] == character.asciiValue
    }

    private mutating func expect(_ character: Character) throws {
        guard peek(character) else {
            throw Failure(description: "expected \(character) at \(index) in \(String(decoding: bytes, as: UTF8.self))")
        }
        index += 1
    }
}
