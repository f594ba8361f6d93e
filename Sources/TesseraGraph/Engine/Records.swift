import TesseraCore

/// The believed content of an entity version, encoded once: labels, properties, geometry.
///
/// Two contents are equal exactly when their encodings are equal (maps are key-ordered), which is how
/// the engine recognises a write that changes nothing.
struct EntityContent: Equatable, Sendable {
    /// Sorted catalog ids of the labels.
    let labels: [UInt32]
    /// Labels, properties and geometry, as stored after the record header.
    let bytes: [UInt8]
    /// The bounding box of the geometry (derived from it), nil without geometry.
    let bounds: SpatialBounds?

    init(labels: [UInt32], propertyBytes: [UInt8], geometry: [UInt8]?, bounds: SpatialBounds?) {
        self.bounds = bounds
        let sorted = Self.distinctSorted(labels)
        self.labels = sorted
        var writer = ByteWriter(capacity: propertyBytes.count + (geometry?.count ?? 0) + 16)
        writer.writeVarint(UInt64(sorted.count))
        for label in sorted { writer.writeVarint(UInt64(label)) }
        writer.writeLengthPrefixed(propertyBytes)
        if let geometry {
            writer.write(1)
            writer.writeLengthPrefixed(geometry)
        } else {
            writer.write(0)
        }
        bytes = writer.bytes
    }

    /// The distinct ids in ascending order (most versions carry one label: no set, no sort).
    static func distinctSorted(_ ids: [UInt32]) -> [UInt32] {
        guard ids.count > 1 else { return ids }
        var sorted = ids.sorted()
        var kept = 1
        for index in 1..<sorted.count where sorted[index] != sorted[kept - 1] {
            sorted[kept] = sorted[index]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    init(decodingFrom bytes: ArraySlice<UInt8>) throws(CorruptionError) {
        var reader = ByteReader(Array(bytes), context: "entity version")
        let count = try reader.readVarint()
        guard count < 4096 else { throw reader.corrupt("label count \(count)") }
        var labels: [UInt32] = []
        for _ in 0..<count { labels.append(UInt32(truncatingIfNeeded: try reader.readVarint())) }
        self.labels = labels
        self.bytes = Array(bytes)
        _ = try reader.readLengthPrefixed()
        if try reader.read() == 1 {
            let geometry = Array(try reader.readLengthPrefixed())
            do { bounds = try GeoJSONCheck.validate(geometry) } catch {
                throw CorruptionError(what: "entity version", reason: "stored geometry does not validate: \(error)")
            }
        } else {
            bounds = nil
        }
    }

    /// Decodes properties and geometry.
    func decodeBody() throws(CorruptionError) -> (properties: [String: Value], geometry: String?) {
        var reader = ByteReader(bytes, context: "entity version")
        let count = try reader.readVarint()
        for _ in 0..<count { _ = try reader.readVarint() }
        var propertyReader = ByteReader(Array(try reader.readLengthPrefixed()), context: "entity properties")
        let properties = try ValueCodec.decodeMap(from: &propertyReader)
        let hasGeometry = try reader.read()
        let geometry = hasGeometry == 1 ? String(decoding: try reader.readLengthPrefixed(), as: UTF8.self) : nil
        return (properties, geometry)
    }
}

/// An entity version's stored value: validTo and systemTo (fixed width, so superseding patches 8 bytes),
/// then the content.
enum EntityRecordCodec {
    static func encode(validTo: Int64, systemTo: Int64, content: EntityContent) -> [UInt8] {
        var writer = ByteWriter(capacity: content.bytes.count + 16)
        writer.writeFixed64(UInt64(bitPattern: validTo))
        writer.writeFixed64(UInt64(bitPattern: systemTo))
        writer.bytes.append(contentsOf: content.bytes)
        return writer.bytes
    }

    static func decode(_ value: [UInt8]) throws(CorruptionError) -> (
        validTo: Int64, systemTo: Int64, content: EntityContent
    ) {
        var reader = ByteReader(value, context: "entity version")
        let validTo = Int64(bitPattern: try reader.readFixed64())
        let systemTo = Int64(bitPattern: try reader.readFixed64())
        return (validTo, systemTo, try EntityContent(decodingFrom: value[16...]))
    }

    /// Reads only the two interval ends.
    static func ends(_ value: [UInt8], what: String) throws(CorruptionError) -> (validTo: Int64, systemTo: Int64) {
        var reader = ByteReader(value, context: what)
        return (Int64(bitPattern: try reader.readFixed64()), Int64(bitPattern: try reader.readFixed64()))
    }
}

/// The believed content of an edge version: endpoints, type and properties.
struct EdgeContent: Equatable, Sendable {
    let from: UInt64
    let to: UInt64
    let type: UInt32
    let propertyBytes: [UInt8]
}

/// An edge version's stored value in the edge-versions key space.
enum EdgeRecordCodec {
    static func encode(validTo: Int64, systemTo: Int64, content: EdgeContent, name: String) -> [UInt8] {
        var writer = ByteWriter(capacity: content.propertyBytes.count + name.utf8.count + 40)
        writer.writeFixed64(UInt64(bitPattern: validTo))
        writer.writeFixed64(UInt64(bitPattern: systemTo))
        writer.writeFixed64(content.from)
        writer.writeFixed64(content.to)
        writer.writeVarint(UInt64(content.type))
        writer.writeLengthPrefixed(content.propertyBytes)
        writer.writeString(name)
        return writer.bytes
    }

    static func decode(_ value: [UInt8]) throws(CorruptionError)
        -> (validTo: Int64, systemTo: Int64, content: EdgeContent, name: String)
    {
        var reader = ByteReader(value, context: "edge version")
        let validTo = Int64(bitPattern: try reader.readFixed64())
        let systemTo = Int64(bitPattern: try reader.readFixed64())
        let from = try reader.readFixed64()
        let to = try reader.readFixed64()
        let type = UInt32(truncatingIfNeeded: try reader.readVarint())
        let properties = Array(try reader.readLengthPrefixed())
        let name = try reader.readString()
        return (validTo, systemTo, EdgeContent(from: from, to: to, type: type, propertyBytes: properties), name)
    }
}

/// An adjacency entry's value: interval ends, the edge's external id, the far endpoint's external id,
/// and the edge properties, so one prefix scan answers "edges of X as of T" without further lookups.
enum AdjacencyCodec {
    static func encode(validTo: Int64, systemTo: Int64, edgeName: String, farName: String, properties: [UInt8])
        -> [UInt8]
    {
        var writer = ByteWriter(capacity: properties.count + edgeName.utf8.count + farName.utf8.count + 20)
        writer.writeFixed64(UInt64(bitPattern: validTo))
        writer.writeFixed64(UInt64(bitPattern: systemTo))
        writer.writeString(edgeName)
        writer.writeString(farName)
        writer.writeLengthPrefixed(properties)
        return writer.bytes
    }

    static func decode(_ value: [UInt8]) throws(CorruptionError)
        -> (validTo: Int64, systemTo: Int64, edgeName: String, farName: String, properties: [UInt8])
    {
        var reader = ByteReader(value, context: "adjacency entry")
        let validTo = Int64(bitPattern: try reader.readFixed64())
        let systemTo = Int64(bitPattern: try reader.readFixed64())
        let edgeName = try reader.readString()
        let farName = try reader.readString()
        return (validTo, systemTo, edgeName, farName, Array(try reader.readLengthPrefixed()))
    }
}

/// Overwrites the systemTo field (bytes 8..<16) of an entity, edge or adjacency value.
func patchSystemTo(_ value: [UInt8], _ systemTo: Int64) -> [UInt8] {
    var copy = value
    let bits = UInt64(bitPattern: systemTo)
    for index in 0..<8 { copy[8 + index] = UInt8(truncatingIfNeeded: bits >> UInt64(56 - 8 * index)) }
    return copy
}
