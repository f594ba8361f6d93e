extension Geometry {
    /// Reads ISO Well-Known Binary, in either byte order, 2D or Z (type codes 1...7 and 1001...1007).
    ///
    /// PostGIS extended WKB is accepted too: the Z flag (0x80000000) and an SRID (0x20000000) of 4326.
    /// M values and empty points (NaN coordinates) are rejected.
    public init(wkb bytes: [UInt8]) throws(GeometryError) {
        var reader = WKBReader(bytes)
        self = try reader.readGeometry(depth: 0, expected: nil)
        guard reader.index == bytes.count else {
            throw GeometryError(
                .malformed, "\(bytes.count - reader.index) bytes after the end of the geometry", offset: reader.index)
        }
    }

    /// The ISO WKB of the geometry: little-endian, with Z type codes (1001...1007) when ``hasZ``.
    public var wkb: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(9 + coordinateCount * (hasZ ? 24 : 16))
        WKBWriter(hasZ: hasZ).write(self, to: &out)
        return out
    }
}

struct WKBWriter {
    let hasZ: Bool

    func write(_ geometry: Geometry, to out: inout [UInt8]) {
        out.append(1)  // little-endian (NDR)
        append(geometry.kind.wkbCode + (hasZ ? 1000 : 0), to: &out)
        switch geometry {
        case .point(let point): write(point, to: &out)
        case .lineString(let points): writePath(points, to: &out)
        case .polygon(let rings): writeRings(rings, to: &out)
        case .multiPoint(let points):
            append(UInt32(points.count), to: &out)
            for point in points { write(.point(point), to: &out) }
        case .multiLineString(let lines):
            append(UInt32(lines.count), to: &out)
            for line in lines { write(.lineString(line), to: &out) }
        case .multiPolygon(let polygons):
            append(UInt32(polygons.count), to: &out)
            for rings in polygons { write(.polygon(rings), to: &out) }
        case .geometryCollection(let members):
            append(UInt32(members.count), to: &out)
            for member in members { write(member, to: &out) }
        }
    }

    func writeRings(_ rings: [[Coordinate]], to out: inout [UInt8]) {
        append(UInt32(rings.count), to: &out)
        for ring in rings { writePath(ring, to: &out) }
    }

    func writePath(_ points: [Coordinate], to out: inout [UInt8]) {
        append(UInt32(points.count), to: &out)
        for point in points { write(point, to: &out) }
    }

    func write(_ point: Coordinate, to out: inout [UInt8]) {
        append(point.longitude.bitPattern, to: &out)
        append(point.latitude.bitPattern, to: &out)
        if hasZ { append((point.z ?? 0).bitPattern, to: &out) }
    }

    func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        for byte in 0..<(T.bitWidth / 8) { out.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
    }
}

/// Reads WKB defensively: counts are checked against the bytes left before anything is allocated.
struct WKBReader {
    let bytes: [UInt8]
    var index = 0
    var littleEndian = true
    var dimensions = DimensionTracker()

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// One geometry with its header; `expected` is the member kind a multi-geometry requires.
    mutating func readGeometry(depth: Int, expected: Geometry.Kind?) throws(GeometryError) -> Geometry {
        let start = index
        let (kind, hasZ) = try readHeader()
        if let expected, kind != expected {
            throw GeometryError(
                .malformed,
                "a Multi\(expected.rawValue) may only contain \(expected.rawValue)s, found a \(kind.rawValue)",
                offset: start)
        }
        let width = hasZ ? 3 : 2
        switch kind {
        case .point:
            return .point(try readCoordinate(width: width))
        case .lineString: return .lineString(try readPath(width: width))
        case .polygon: return .polygon(try readRings(width: width))
        case .multiPoint:
            return .multiPoint(
                try readMembers(minimumBytes: 21) { (reader: inout WKBReader) throws(GeometryError) in
                    guard case .point(let point) = try reader.readGeometry(depth: depth + 1, expected: .point) else {
                        preconditionFailure("kind checked")
                    }
                    return point
                })
        case .multiLineString:
            return .multiLineString(
                try readMembers(minimumBytes: 9) { (reader: inout WKBReader) throws(GeometryError) in
                    guard case .lineString(let line) = try reader.readGeometry(depth: depth + 1, expected: .lineString)
                    else { preconditionFailure("kind checked") }
                    return line
                })
        case .multiPolygon:
            return .multiPolygon(
                try readMembers(minimumBytes: 9) { (reader: inout WKBReader) throws(GeometryError) in
                    guard case .polygon(let rings) = try reader.readGeometry(depth: depth + 1, expected: .polygon)
                    else { preconditionFailure("kind checked") }
                    return rings
                })
        case .geometryCollection:
            guard depth < GeometryLimits.maxCollectionDepth else {
                throw GeometryError(
                    .malformed, "collections nested more than \(GeometryLimits.maxCollectionDepth) deep", offset: start)
            }
            return .geometryCollection(
                try readMembers(minimumBytes: 9) { (reader: inout WKBReader) throws(GeometryError) in
                    try reader.readGeometry(depth: depth + 1, expected: nil)
                })
        }
    }

    /// The byte-order mark and type code; returns the kind and whether positions have a Z value.
    mutating func readHeader() throws(GeometryError) -> (Geometry.Kind, Bool) {
        let start = index
        try need(5, "a geometry header (byte order and type)")
        switch bytes[index] {
        case 0: littleEndian = false
        case 1: littleEndian = true
        default:
            throw GeometryError(.malformed, "byte order must be 0 (big-endian) or 1 (little-endian)", offset: index)
        }
        index += 1
        var code = try readUInt32()
        var hasZ = code & 0x8000_0000 != 0
        let hasM = code & 0x4000_0000 != 0
        if code & 0x2000_0000 != 0 {
            let sridOffset = index
            let srid = try readUInt32()
            guard srid == 4326 || srid == 0 else {
                throw GeometryError(
                    .unsupported, "SRID \(srid) is not supported: coordinates are WGS84 (SRID 4326)",
                    offset: sridOffset)
            }
        }
        code &= 0x0FFF_FFFF
        let base = code % 1000
        let isoDimension = code / 1000
        guard (1...7).contains(base), isoDimension <= 3 else {
            throw GeometryError(.malformed, "unknown WKB geometry type \(code)", offset: start + 1)
        }
        guard !hasM, isoDimension != 2, isoDimension != 3 else {
            throw GeometryError(.unsupported, "M coordinates are not supported (use 2D or Z)", offset: start + 1)
        }
        hasZ = hasZ || isoDimension == 1
        return (Geometry.Kind.allCases[Int(base) - 1], hasZ)
    }

    mutating func readMembers<T>(minimumBytes: Int, _ member: (inout WKBReader) throws(GeometryError) -> T)
        throws(GeometryError) -> [T]
    {
        let count = try readCount(minimumBytesEach: minimumBytes)
        var members: [T] = []
        members.reserveCapacity(count)
        for _ in 0..<count { members.append(try member(&self)) }
        return members
    }

    mutating func readRings(width: Int) throws(GeometryError) -> [[Coordinate]] {
        let count = try readCount(minimumBytesEach: 4)
        var rings: [[Coordinate]] = []
        rings.reserveCapacity(count)
        for _ in 0..<count { rings.append(try readPath(width: width)) }
        return rings
    }

    mutating func readPath(width: Int) throws(GeometryError) -> [Coordinate] {
        let count = try readCount(minimumBytesEach: 8 * width)
        var points: [Coordinate] = []
        points.reserveCapacity(count)
        for _ in 0..<count { points.append(try readCoordinate(width: width)) }
        return points
    }

    /// A count, checked so that `count` items of at least `minimumBytesEach` bytes fit in what is left.
    mutating func readCount(minimumBytesEach: Int) throws(GeometryError) -> Int {
        let start = index
        let count = Int(try readUInt32())
        guard count <= (bytes.count - index) / minimumBytesEach else {
            throw GeometryError(
                .malformed, "count \(count) does not fit in the \(bytes.count - index) bytes left", offset: start)
        }
        return count
    }

    mutating func readCoordinate(width: Int) throws(GeometryError) -> Coordinate {
        let start = index
        try need(8 * width, "a position of \(width) doubles")
        let x = readDouble()
        let y = readDouble()
        let z = width == 3 ? readDouble() : nil
        if x.isNaN && y.isNaN {
            throw GeometryError(.unsupported, "empty points (NaN coordinates) are not supported", offset: start)
        }
        guard x.isFinite, y.isFinite, z?.isFinite ?? true else {
            throw GeometryError(.outOfRange, "position has a value that is not finite", offset: start)
        }
        try dimensions.record(width, offset: start)
        return Coordinate(x, y, z)
    }

    mutating func need(_ count: Int, _ what: String) throws(GeometryError) {
        guard bytes.count - index >= count else {
            throw GeometryError(.malformed, "unexpected end of WKB (expected \(what))", offset: index)
        }
    }

    mutating func readUInt32() throws(GeometryError) -> UInt32 {
        try need(4, "a 32-bit integer")
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(bytes[index + offset]) << (8 * offset) }
        index += 4
        return littleEndian ? value : value.byteSwapped
    }

    /// Reads 8 bytes the caller has checked are there.
    mutating func readDouble() -> Double {
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * offset) }
        index += 8
        return Double(bitPattern: littleEndian ? value : value.byteSwapped)
    }
}
