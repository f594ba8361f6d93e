#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Pure scalar functions of the language (math, string, list, conversion, null handling, graph accessors).
///
/// Most functions return null when an argument is null. An argument of the wrong type raises a `TypeError`
/// (InvalidArgumentType), except the conversion functions, which raise InvalidArgumentValue as openCypher
/// requires. Strings are measured, indexed and reversed by Unicode scalar.
enum ScalarFunctions {
    /// Accepted argument counts by lower-cased function name.
    static let arities: [String: ClosedRange<Int>] = {
        var table: [String: ClosedRange<Int>] = [:]
        for name in ["e", "pi", "rand"] { table[name] = 0...0 }
        let unary = [
            "abs", "ceil", "floor", "sign", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "cot", "asin", "acos",
            "atan", "degrees", "radians", "haversin", "tointeger", "tofloat", "tostring", "toboolean",
            "tointegerornull", "tofloatornull", "tobooleanornull", "tostringornull", "tointegerlist", "tofloatlist",
            "tobooleanlist", "tostringlist", "size", "length", "head", "last", "tail", "reverse", "keys", "properties",
            "labels", "type", "id", "elementid", "nodes", "relationships", "toupper", "tolower", "upper", "lower",
            "trim", "ltrim", "rtrim", "isempty", "valuetype", "char_length", "character_length",
        ]
        for name in unary { table[name] = 1...1 }
        for name in ["atan2", "left", "right", "split", "nullif"] { table[name] = 2...2 }
        table["round"] = 1...3
        table["range"] = 2...3
        table["substring"] = 2...3
        table["replace"] = 3...3
        table["coalesce"] = 1...Int.max
        return table
    }()

    /// Calls function `name` (lower-cased); `nil` when no such function exists here.
    static func call(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        guard let arity = arities[name] else { return nil }
        guard arity.contains(arguments.count) else {
            throw QueryError.argument(
                "\(name)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity)") "
                    + "arguments, got \(arguments.count)")
        }
        if let result = try callMath(name, arguments) { return result }
        if let result = try callString(name, arguments) { return result }
        if let result = try callConversion(name, arguments) { return result }
        if let result = try callList(name, arguments) { return result }
        return try callGraph(name, arguments)
    }

    // MARK: - Math

    private static func callMath(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        switch name {
        case "e": return .float(M_E)
        case "pi": return .float(Double.pi)
        case "rand": return .float(Double.random(in: 0..<1))
        case "abs": return try abs(arguments[0])
        case "sign": return try sign(arguments[0])
        case "round": return try round(arguments)
        case "atan2":
            guard let y = try number(arguments[0], name), let x = try number(arguments[1], name) else { return .null }
            return .float(atan2(y, x))
        default: break
        }
        guard let function = unaryMath[name] else { return nil }
        guard let x = try number(arguments[0], name) else { return .null }
        return .float(function(x))
    }

    /// Float functions of one number.
    private static let unaryMath: [String: @Sendable (Double) -> Double] = [
        "ceil": { $0.rounded(.up) }, "floor": { $0.rounded(.down) }, "sqrt": { $0.squareRoot() },
        "exp": { exp($0) }, "log": { log($0) }, "log10": { log10($0) },
        "sin": { sin($0) }, "cos": { cos($0) }, "tan": { tan($0) },
        "cot": { 1 / tan($0) }, "asin": { asin($0) }, "acos": { acos($0) },
        "atan": { atan($0) }, "degrees": { $0 * 180 / Double.pi }, "radians": { $0 * Double.pi / 180 },
        "haversin": { (1 - cos($0)) / 2 },
    ]

    private static func abs(_ value: QueryValue) throws(QueryError) -> QueryValue {
        switch value {
        case .null: return .null
        case .int(let x):
            guard x != .min else {
                throw QueryError(.runtime, .arithmeticError, "abs(\(x)) does not fit in a 64-bit integer")
            }
            return .int(Swift.abs(x))
        case .float(let x): return .float(Swift.abs(x))
        default: throw wrongType("abs", value, expected: "a number")
        }
    }

    private static func sign(_ value: QueryValue) throws(QueryError) -> QueryValue {
        switch value {
        case .null: return .null
        case .int(let x): return .int(x.signum())
        case .float(let x): return .int(x > 0 ? 1 : (x < 0 ? -1 : 0))
        default: throw wrongType("sign", value, expected: "a number")
        }
    }

    /// `round(x)` rounds half up (toward positive infinity); `round(x, precision[, mode])` rounds the shortest
    /// decimal form of `x` to `precision` digits after the point with `mode` (default `HALF_UP`: ties away
    /// from zero). Modes: UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN.
    private static func round(_ arguments: [QueryValue]) throws(QueryError) -> QueryValue {
        guard let x = try number(arguments[0], "round") else { return .null }
        guard arguments.count > 1 else {
            let whole = x.rounded(.down)
            return .float(x - whole >= 0.5 ? whole + 1 : whole)
        }
        guard case .int(let precision) = arguments[1] else {
            if arguments[1].isNull { return .null }
            throw wrongType("round", arguments[1], expected: "an integer precision")
        }
        var mode = DecimalRounding.Mode.halfUp
        if arguments.count == 3 {
            guard case .string(let text) = arguments[2] else {
                if arguments[2].isNull { return .null }
                throw wrongType("round", arguments[2], expected: "a rounding mode string")
            }
            guard let parsed = DecimalRounding.Mode(rawValue: text.uppercased()) else {
                throw QueryError.argument(
                    "round() does not know the rounding mode '\(text)'; accepted: UP, DOWN, CEILING, FLOOR, "
                        + "HALF_UP, HALF_DOWN, HALF_EVEN")
            }
            mode = parsed
        }
        guard x.isFinite else { return .float(x) }
        let clamped = Int(Swift.max(-400, Swift.min(400, precision)))
        return .float(DecimalRounding.round(x, places: clamped, mode: mode))
    }

    // MARK: - Argument helpers

    /// A numeric argument as a float; nil for null; a TypeError for anything else.
    static func number(_ value: QueryValue, _ function: String) throws(QueryError) -> Double? {
        switch value {
        case .null: return nil
        case .int(let x): return Double(x)
        case .float(let x): return x
        default: throw wrongType(function, value, expected: "a number")
        }
    }

    /// A string argument; nil for null; a TypeError for anything else.
    static func string(_ value: QueryValue, _ function: String) throws(QueryError) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw wrongType(function, value, expected: "a string")
        }
    }

    /// An integer argument; nil for null; a TypeError for anything else.
    static func integer(_ value: QueryValue, _ function: String) throws(QueryError) -> Int64? {
        switch value {
        case .null: return nil
        case .int(let x): return x
        default: throw wrongType(function, value, expected: "an integer")
        }
    }

    /// A list argument; nil for null; a TypeError for anything else.
    static func list(_ value: QueryValue, _ function: String) throws(QueryError) -> [QueryValue]? {
        switch value {
        case .null: return nil
        case .list(let items): return items
        default: throw wrongType(function, value, expected: "a list")
        }
    }

    /// The TypeError (InvalidArgumentType) for an argument of the wrong type.
    static func wrongType(_ function: String, _ value: QueryValue, expected: String) -> QueryError {
        QueryError.type("\(function)() expects \(expected), got \(value.typeName) \(value.render())")
    }
}

/// Decimal rounding of a float's shortest decimal form, as `BigDecimal.setScale` does it.
enum DecimalRounding {
    /// How ties and discarded digits are treated.
    enum Mode: String {
        case up = "UP"
        case down = "DOWN"
        case ceiling = "CEILING"
        case floor = "FLOOR"
        case halfUp = "HALF_UP"
        case halfDown = "HALF_DOWN"
        case halfEven = "HALF_EVEN"
    }

    /// `x` rounded to `places` digits after the decimal point (before it when negative).
    static func round(_ x: Double, places: Int, mode: Mode) -> Double {
        // Digits and exponent of the shortest representation: value = 0.d1d2d3... * 10^pointPosition.
        var digits: [Int] = []
        var exponent = 0
        var pointSeen = false
        var digitsBeforePoint = 0
        let text = Swift.abs(x).description
        var mantissa = Substring(text)
        if let e = text.firstIndex(of: "e") {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        for character in mantissa {
            if character == "." {
                pointSeen = true
            } else if let digit = character.wholeNumberValue {
                digits.append(digit)
                if !pointSeen { digitsBeforePoint += 1 }
            }
        }
        let pointPosition = digitsBeforePoint + exponent
        let keep = pointPosition + places
        guard keep < digits.count else { return x }
        let negative = x.sign == .minus
        var kept = keep > 0 ? Array(digits[..<keep]) : []
        let dropped = keep >= 0 ? Array(digits[keep...]) : digits
        let firstDropped = keep >= 0 ? dropped.first ?? 0 : 0
        let restNonZero = (keep >= 0 ? dropped.dropFirst() : dropped[...]).contains { $0 != 0 }
        let anyDropped = firstDropped != 0 || restNonZero
        let lastKept = kept.last ?? 0
        let increment: Bool
        switch mode {
        case .up: increment = anyDropped
        case .down: increment = false
        case .ceiling: increment = anyDropped && !negative
        case .floor: increment = anyDropped && negative
        case .halfUp: increment = firstDropped >= 5
        case .halfDown: increment = firstDropped > 5 || (firstDropped == 5 && restNonZero)
        case .halfEven: increment = firstDropped > 5 || (firstDropped == 5 && (restNonZero || lastKept % 2 == 1))
        }
        if kept.isEmpty {
            // Every digit was dropped: the result is 0 or one unit in the last kept place.
            kept = [increment ? 1 : 0]
        } else if increment {
            var index = kept.count - 1
            while index >= 0 {
                if kept[index] == 9 {
                    kept[index] = 0
                    index -= 1
                } else {
                    kept[index] += 1
                    break
                }
            }
            if index < 0 { kept.insert(1, at: 0) }
        }
        let magnitude = Double(kept.map(String.init).joined() + "e" + String(-places)) ?? x
        return negative ? -magnitude : magnitude
    }
}
