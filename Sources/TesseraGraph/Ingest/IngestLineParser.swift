import TesseraCore

/// Parses one NDJSON ingest line (Docs/IngestFormat.md) into a write, or says why it is rejected.
///
/// Entity lines: `id`, `type` and/or `labels`, `valid_from`, optional `valid_to`, `version`,
/// `geometry` (GeoJSON) and `props`. Edge lines carry `from` and `to` and a `type`.
enum IngestLineParser {
    static let entityFields = "id, type, labels, version, valid_from, valid_to, geometry, props"
    static let edgeFields = "id, from, to, type, valid_from, valid_to, props"

    struct Fields {
        var id: String?
        var type: String?
        var labels: [String] = []
        var from: String?
        var to: String?
        var validFrom: Int64?
        var validTo: Int64 = Time.forever
        var geometry: [UInt8]?
        var bounds: SpatialBounds?
        var properties: [UInt8] = [0]
        var isEdge: Bool { from != nil || to != nil }
    }

    /// Parses `line`; throws a reason (without file and line, which the caller adds).
    static func parse(_ line: UnsafeBufferPointer<UInt8>, validator: GeometryValidator? = nil) throws(LineRejection)
        -> Transaction.Operation
    {
        var reader = JSONReader(line)
        var fields = Fields()
        do {
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKeyBytes(first: first) {
                first = false
                try read(FieldName(key), rawKey: key, into: &fields, from: &reader)
            }
            try reader.expectEnd()
        } catch let error as JSONError {
            throw LineRejection("malformed JSON: \(error)")
        } catch let error as LineRejection {
            throw error
        } catch let error as GraphError {
            throw LineRejection(error.message)
        } catch {
            throw LineRejection("\(error)")
        }
        if let validator, let geometry = fields.geometry {
            do {
                if let repaired = try validator.check(geometry) {
                    fields.geometry = repaired.geometry
                    fields.bounds = repaired.bounds
                }
            } catch { throw LineRejection(error.message) }
        }
        return try operation(from: fields)
    }

    /// The ingest fields, recognised from raw key bytes without building strings.
    enum FieldName: String {
        case id, type, from, to, labels, version, geometry, props, unknown
        case validFrom = "valid_from"
        case validTo = "valid_to"

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            switch bytes.count {
            case 2: self = Self.match(bytes, "id", .id) ?? Self.match(bytes, "to", .to) ?? .unknown
            case 4: self = Self.match(bytes, "type", .type) ?? Self.match(bytes, "from", .from) ?? .unknown
            case 5: self = Self.match(bytes, "props", .props) ?? .unknown
            case 6: self = Self.match(bytes, "labels", .labels) ?? .unknown
            case 7: self = Self.match(bytes, "version", .version) ?? .unknown
            case 8:
                self = Self.match(bytes, "geometry", .geometry) ?? Self.match(bytes, "valid_to", .validTo) ?? .unknown
            case 10: self = Self.match(bytes, "valid_from", .validFrom) ?? .unknown
            default: self = .unknown
            }
        }

        static func match(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString, _ field: FieldName) -> FieldName? {
            let pointer = name.utf8Start
            for index in 0..<bytes.count where bytes[index] != pointer[index] { return nil }
            return field
        }
    }

    static func read(
        _ field: FieldName, rawKey: UnsafeBufferPointer<UInt8>, into fields: inout Fields, from reader: inout JSONReader
    ) throws {
        let key = field.rawValue
        switch field {
        case .id: fields.id = try string(&reader, key)
        case .type: fields.type = try string(&reader, key)
        case .from: fields.from = try string(&reader, key)
        case .to: fields.to = try string(&reader, key)
        case .labels:
            guard case .list(let items) = try reader.readValue() else {
                throw LineRejection("\"labels\" must be an array of strings")
            }
            for item in items {
                guard case .string(let label) = item else { throw LineRejection("\"labels\" must hold strings only") }
                fields.labels.append(label)
            }
        case .version:
            guard case .int = try reader.readValue() else { throw LineRejection("\"version\" must be an integer") }
        case .validFrom:
            fields.validFrom = try timestamp(&reader, key)
            if fields.validFrom == nil { throw LineRejection("\"valid_from\" must not be null") }
        case .validTo: fields.validTo = try timestamp(&reader, key) ?? Time.forever
        case .geometry:
            if reader.peek() == UInt8(ascii: "n") {
                _ = try reader.readValue()
            } else {
                let start = reader.index
                fields.bounds = try GeoJSONCheck.validate(&reader)
                fields.geometry = trimmed(reader.bytes, start, reader.index)
            }
        case .props:
            switch reader.peek() {
            case UInt8(ascii: "{"):
                var writer = ByteWriter(capacity: 128)
                try reader.transcodeObject(into: &writer)
                fields.properties = writer.bytes
            case UInt8(ascii: "n"):
                guard case .null = try reader.readValue() else { throw LineRejection("\"props\" must be an object") }
                fields.properties = [0]
            default: throw LineRejection("\"props\" must be an object")
            }
        case .unknown:
            throw LineRejection(
                "unknown field \"\(String(decoding: rawKey, as: UTF8.self))\"; entity lines accept \(entityFields), edge lines accept \(edgeFields)"
            )
        }
    }

    static func operation(from fields: Fields) throws(LineRejection) -> Transaction.Operation {
        guard let id = fields.id else { throw LineRejection("missing field \"id\"") }
        guard let validFrom = fields.validFrom else { throw LineRejection("missing field \"valid_from\"") }
        let valid: TimeInterval64
        do {
            try Validation.id(id, fields.isEdge ? "edge" : "entity")
            valid = try Validation.interval(validFrom, fields.validTo)
        } catch { throw LineRejection(error.message) }
        if fields.isEdge {
            guard let from = fields.from else { throw LineRejection("edge line without \"from\"") }
            guard let to = fields.to else { throw LineRejection("edge line without \"to\"") }
            guard let type = fields.type else { throw LineRejection("edge line without \"type\"") }
            guard fields.geometry == nil, fields.labels.isEmpty else {
                throw LineRejection("edge lines accept \(edgeFields)")
            }
            do {
                try Validation.id(from, "source entity")
                try Validation.id(to, "target entity")
                try Validation.name(type, "relation type")
            } catch { throw LineRejection(error.message) }
            return .putEdge(name: id, from: from, to: to, type: type, properties: fields.properties, valid: valid)
        }
        var labels = fields.labels
        if let type = fields.type, !labels.contains(type) { labels.insert(type, at: 0) }
        guard !labels.isEmpty else { throw LineRejection("entity line needs \"type\" or \"labels\"") }
        do {
            for label in labels { try Validation.name(label, "label") }
        } catch { throw LineRejection(error.message) }
        return .putEntity(
            name: id, labels: labels, properties: fields.properties, geometry: fields.geometry, bounds: fields.bounds,
            valid: valid)
    }

    static func string(_ reader: inout JSONReader, _ key: String) throws -> String {
        guard reader.peek() == UInt8(ascii: "\"") else { throw LineRejection("\"\(key)\" must be a string") }
        return try reader.readString()
    }

    static func timestamp(_ reader: inout JSONReader, _ key: String) throws -> Int64? {
        if reader.peek() == UInt8(ascii: "n") {
            _ = try reader.readValue()
            return nil
        }
        let text = try string(&reader, key)
        do { return try Time.parseOrExplain(text) } catch {
            throw LineRejection("\"\(key)\": \(error) (got \"\(text)\"; expected e.g. 2024-03-01T08:00:00Z)")
        }
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8] {
        var lower = start
        while lower < end, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        return Array(UnsafeBufferPointer(rebasing: bytes[lower..<end]))
    }
}

/// Why a line was rejected (the loader adds file and line number).
struct LineRejection: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}
