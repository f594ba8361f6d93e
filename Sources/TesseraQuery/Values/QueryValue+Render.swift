import TesseraCore
import TesseraGeometry

/// Text forms of values: openCypher literals for tables and the TCK, and JSON for the HTTP API.
extension QueryValue {
    /// The value as an openCypher literal, the way result tables and the TCK print it.
    ///
    /// `null`, `true`, `1`, `1.0` (floats always carry a decimal point or an exponent; `NaN`, `Infinity`,
    /// `-Infinity`), `'text'` with backslash escapes, `[1, 2]`, `{a: 1, b: 'x'}` (keys sorted), nodes
    /// `(:A:B {k: 1})`, relationships `[:T {k: 1}]`, paths `<(:A)-[:T]->(:B)>` (each arrow points from the
    /// relationship's start to its end), points `point({srid: 4326, x: 1.0, y: 2.0})`, geometries as WKT,
    /// temporal values as quoted ISO 8601 text and byte strings as `0x0a1b`.
    public func render() -> String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return Self.renderFloat(number)
        case .string(let text): return Self.quote(text)
        case .bytes(let data): return "0x" + Self.hex(data)
        case .list(let items): return "[" + items.map { $0.render() }.joined(separator: ", ") + "]"
        case .map(let entries): return Self.renderMap(entries)
        case .node(let node): return "(" + Self.renderNodeBody(node) + ")"
        case .relationship(let relationship): return "[" + Self.renderRelationshipBody(relationship) + "]"
        case .path(let path): return Self.renderPath(path)
        case .point(let point):
            var text = "point({srid: \(point.srid), x: \(Self.renderFloat(point.x)), y: \(Self.renderFloat(point.y))"
            if let z = point.z { text += ", z: \(Self.renderFloat(z))" }
            return text + "})"
        case .geometry(let geometry): return geometry.wkt
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration:
            if let text = TemporalFunctions.format(self) { return Self.quote(text) }
            return renderTemporalFields()
        }
    }

    /// A float as openCypher prints it: shortest round-trip digits, `1.0` rather than `1`, `1e-5` rather
    /// than `1e-05`.
    static func renderFloat(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        let text = number.description
        guard let exponentStart = text.firstIndex(of: "e") else {
            return text.contains(".") ? text : text + ".0"
        }
        let mantissa = text[..<exponentStart]
        var exponent = text[text.index(after: exponentStart)...]
        var sign = ""
        if let first = exponent.first, first == "+" || first == "-" {
            if first == "-" { sign = "-" }
            exponent = exponent.dropFirst()
        }
        let digits = exponent.drop { $0 == "0" }
        return mantissa + "e" + sign + (digits.isEmpty ? "0" : digits)
    }

    /// A string literal in single quotes with `\'`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` escapes.
    static func quote(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let code = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - code.count) + code
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    private static func hex(_ data: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(data.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// A map key as written in a literal: bare when it is an identifier, else in backticks.
    private static func renderKey(_ key: String) -> String {
        let scalars = key.unicodeScalars
        let isIdentifier =
            !key.isEmpty && scalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            && !("0"..."9").contains(scalars.first ?? "0")
        return isIdentifier ? key : "`" + key.replacingBackticks() + "`"
    }

    private static func renderMap(_ entries: [String: QueryValue]) -> String {
        let keys = entries.keys.sorted { compareStrings($0, $1) == .less }
        return "{" + keys.map { renderKey($0) + ": " + (entries[$0] ?? .null).render() }.joined(separator: ", ") + "}"
    }

    private static func renderProperties(_ properties: [String: QueryValue]) -> String {
        properties.isEmpty ? "" : " " + renderMap(properties)
    }

    private static func renderNodeBody(_ node: NodeValue) -> String {
        let labels = node.labels.map { ":" + renderKey($0) }.joined()
        let properties = renderProperties(node.properties)
        return labels.isEmpty ? String(properties.dropFirst()) : labels + properties
    }

    private static func renderRelationshipBody(_ relationship: RelationshipValue) -> String {
        ":" + renderKey(relationship.type) + renderProperties(relationship.properties)
    }

    private static func renderPath(_ path: PathValue) -> String {
        guard let first = path.nodes.first else { return "<>" }
        var text = "<(" + renderNodeBody(first) + ")"
        for (index, relationship) in path.relationships.enumerated() {
            let previous = path.nodes[index]
            let next = index + 1 < path.nodes.count ? path.nodes[index + 1] : previous
            let forward = relationship.start == previous.id || relationship.end != previous.id
            let body = "[" + renderRelationshipBody(relationship) + "]"
            text += forward ? "-" + body + "->" : "<-" + body + "-"
            text += "(" + renderNodeBody(next) + ")"
        }
        return text + ">"
    }

    /// A temporal value by its stored fields, for when no ISO text is available.
    private func renderTemporalFields() -> String {
        switch self {
        case .date(let date): "date({epochDay: \(date.epochDay)})"
        case .localTime(let time): "localtime({nanosecondOfDay: \(time.nanosecondOfDay)})"
        case .time(let time):
            "time({nanosecondOfDay: \(time.nanosecondOfDay), offsetSeconds: \(time.offsetSeconds)})"
        case .localDateTime(let value):
            "localdatetime({epochSecond: \(value.epochSecond), nanosecond: \(value.nanosecond)})"
        case .dateTime(let value):
            "datetime({epochSecond: \(value.epochSecond), nanosecond: \(value.nanosecond), offsetSeconds: "
                + "\(value.offsetSeconds)\(value.zoneId.map { ", timezone: " + Self.quote($0) } ?? "")})"
        case .duration(let duration):
            "duration({months: \(duration.months), days: \(duration.days), seconds: \(duration.seconds), "
                + "nanoseconds: \(duration.nanoseconds)})"
        default: render()
        }
    }
}

// MARK: - JSON

extension QueryValue {
    /// The value as JSON text for the HTTP API and the CLI.
    ///
    /// Scalars map to JSON scalars (non-finite floats to `null`, byte strings to base64 text), lists to
    /// arrays, maps to objects with sorted keys. Nodes are `{"id", "labels", "properties"}` plus `"geometry"`
    /// (GeoJSON) when they have one; relationships are `{"id", "type", "start", "end", "properties"}`; paths
    /// are `{"nodes": [...], "relationships": [...]}`; points are `{"srid", "x", "y"}` plus `"z"`; geometries
    /// are GeoJSON geometry objects; temporal values are ISO 8601 strings.
    public func toJSON() -> String {
        var out: [UInt8] = []
        writeJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of this value (see ``toJSON()``).
    public func writeJSON(to out: inout [UInt8]) {
        switch self {
        case .null, .bool, .int, .string, .bytes: JSONWriter.write(scalarValue, to: &out)
        case .float(let number):
            out.append(contentsOf: (number.isFinite ? Self.renderFloat(number) : "null").utf8)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                item.writeJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let entries): Self.writeObject(entries.map { ($0.key, $0.value) }, to: &out)
        case .node(let node): Self.writeNode(node, to: &out)
        case .relationship(let relationship): Self.writeRelationship(relationship, to: &out)
        case .path(let path):
            out.append(contentsOf: "{\"nodes\":[".utf8)
            for (position, node) in path.nodes.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeNode(node, to: &out)
            }
            out.append(contentsOf: "],\"relationships\":[".utf8)
            for (position, relationship) in path.relationships.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeRelationship(relationship, to: &out)
            }
            out.append(contentsOf: "]}".utf8)
        case .point(let point):
            var members: [(String, QueryValue)] = [("srid", .int(Int64(point.srid))), ("x", .float(point.x))]
            members.append(("y", .float(point.y)))
            if let z = point.z { members.append(("z", .float(z))) }
            Self.writeObject(members, to: &out)
        case .geometry(let geometry): out.append(contentsOf: geometry.geoJSONBytes)
        case .date, .localTime, .time, .localDateTime, .dateTime, .duration:
            JSONWriter.writeString(TemporalFunctions.format(self) ?? renderTemporalFields(), to: &out)
        }
    }

    /// The property value of a JSON scalar (null, boolean, integer, string, bytes).
    private var scalarValue: Value {
        switch self {
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .string(let text): .string(text)
        case .bytes(let data): .bytes(data)
        default: .null
        }
    }

    private static func writeObject(_ members: [(String, QueryValue)], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (position, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(member.0, to: &out)
            out.append(UInt8(ascii: ":"))
            member.1.writeJSON(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeNode(_ node: NodeValue, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"id\":".utf8)
        JSONWriter.writeString(node.id, to: &out)
        out.append(contentsOf: ",\"labels\":".utf8)
        QueryValue.list(node.labels.map { .string($0) }).writeJSON(to: &out)
        out.append(contentsOf: ",\"properties\":".utf8)
        QueryValue.map(node.properties).writeJSON(to: &out)
        if let geometry = node.geometry {
            out.append(contentsOf: ",\"geometry\":".utf8)
            out.append(contentsOf: geometry.utf8)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeRelationship(_ relationship: RelationshipValue, to out: inout [UInt8]) {
        let members: [(String, QueryValue)] = [
            ("id", .string(relationship.id)), ("type", .string(relationship.type)),
            ("start", .string(relationship.start)), ("end", .string(relationship.end)),
            ("properties", .map(relationship.properties)),
        ]
        writeObject(members, to: &out)
    }
}

extension String {
    /// The text with every backtick doubled, as a backtick-quoted name needs.
    fileprivate func replacingBackticks() -> String {
        var out = ""
        for character in self { out += character == "`" ? "``" : String(character) }
        return out
    }
}
