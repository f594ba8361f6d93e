/// String functions. Positions and lengths count Unicode scalars.
extension ScalarFunctions {
    static func callString(_ name: String, _ arguments: [QueryValue]) throws(QueryError) -> QueryValue? {
        switch name {
        case "toupper", "upper":
            return try string(arguments[0], name).map { .string($0.uppercased()) } ?? .null
        case "tolower", "lower":
            return try string(arguments[0], name).map { .string($0.lowercased()) } ?? .null
        case "trim", "ltrim", "rtrim":
            guard let text = try string(arguments[0], name) else { return .null }
            return .string(trim(text, leading: name != "rtrim", trailing: name != "ltrim"))
        case "char_length", "character_length":
            return try string(arguments[0], name).map { .int(Int64($0.unicodeScalars.count)) } ?? .null
        case "left", "right":
            guard let text = try string(arguments[0], name) else { return .null }
            let count = try nonNegative(arguments[1], name, "length")
            let scalars = Array(text.unicodeScalars)
            let taken = Swift.min(count, scalars.count)
            return .string(makeString(name == "left" ? scalars[..<taken] : scalars[(scalars.count - taken)...]))
        case "substring": return try substring(arguments)
        case "replace":
            guard let text = try string(arguments[0], name), let search = try string(arguments[1], name),
                let replacement = try string(arguments[2], name)
            else { return .null }
            return .string(replace(text, search, replacement))
        case "split": return try split(arguments)
        default: return nil
        }
    }

    /// `substring(s, start[, length])`: 0-based; a start past the end gives `''`.
    private static func substring(_ arguments: [QueryValue]) throws(QueryError) -> QueryValue {
        guard let text = try string(arguments[0], "substring") else { return .null }
        let start = try nonNegative(arguments[1], "substring", "start")
        let scalars = Array(text.unicodeScalars)
        let from = Swift.min(start, scalars.count)
        var to = scalars.count
        if arguments.count == 3 {
            let length = try nonNegative(arguments[2], "substring", "length")
            to = from + Swift.min(length, scalars.count - from)
        }
        return .string(makeString(scalars[from..<to]))
    }

    /// `split(s, delimiter)` with one delimiter or a list of them; an empty delimiter splits into scalars.
    private static func split(_ arguments: [QueryValue]) throws(QueryError) -> QueryValue {
        guard let text = try string(arguments[0], "split") else { return .null }
        var delimiters: [[Unicode.Scalar]] = []
        switch arguments[1] {
        case .null: return .null
        case .string(let delimiter): delimiters = [Array(delimiter.unicodeScalars)]
        case .list(let items):
            for item in items {
                guard let delimiter = try string(item, "split") else { return .null }
                delimiters.append(Array(delimiter.unicodeScalars))
            }
        default: throw wrongType("split", arguments[1], expected: "a string or a list of strings")
        }
        let scalars = Array(text.unicodeScalars)
        if delimiters.contains(where: \.isEmpty) {
            return .list(scalars.map { .string(String($0)) })
        }
        var parts: [QueryValue] = []
        var partStart = 0
        var index = 0
        while index < scalars.count {
            if let match = delimiters.first(where: { matches(scalars, at: index, $0) }) {
                parts.append(.string(makeString(scalars[partStart..<index])))
                index += match.count
                partStart = index
            } else {
                index += 1
            }
        }
        parts.append(.string(makeString(scalars[partStart...])))
        return .list(parts)
    }

    /// Replaces every occurrence of `search`; an empty `search` inserts `replacement` around every scalar.
    private static func replace(_ text: String, _ search: String, _ replacement: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let pattern = Array(search.unicodeScalars)
        var out = String.UnicodeScalarView()
        if pattern.isEmpty {
            out.append(contentsOf: replacement.unicodeScalars)
            for scalar in scalars {
                out.append(scalar)
                out.append(contentsOf: replacement.unicodeScalars)
            }
            return String(out)
        }
        var index = 0
        while index < scalars.count {
            if matches(scalars, at: index, pattern) {
                out.append(contentsOf: replacement.unicodeScalars)
                index += pattern.count
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ pattern: [Unicode.Scalar]) -> Bool {
        index + pattern.count <= scalars.count && scalars[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func trim(_ text: String, leading: Bool, trailing: Bool) -> String {
        var scalars = text.unicodeScalars[...]
        if leading {
            while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
        }
        if trailing {
            while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        }
        return makeString(scalars)
    }

    static func makeString(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A non-negative integer argument; null or a negative number raises an error.
    private static func nonNegative(_ value: QueryValue, _ function: String, _ role: String) throws(QueryError) -> Int {
        guard let number = try integer(value, function) else {
            throw QueryError.argument("\(function)() needs a \(role), got null")
        }
        guard number >= 0, let result = Int(exactly: number) else {
            throw QueryError.argument(
                "\(function)() needs a non-negative \(role), got \(number)", detail: "NumberOutOfRange")
        }
        return result
    }
}
