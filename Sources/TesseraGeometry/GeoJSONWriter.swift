extension Geometry {
    /// The GeoJSON geometry object (RFC 7946) as UTF-8 bytes.
    ///
    /// Positions are `[longitude, latitude]`, plus the height when ``hasZ``. Polygon rings follow the right-hand
    /// rule (§3.1.6): exteriors counter-clockwise, holes clockwise, reversing rings stored the other way. No
    /// `crs` or `bbox` member is written.
    public var geoJSONBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + coordinateCount * 24)
        GeoJSONWriter(hasZ: hasZ).write(self, to: &out)
        return out
    }

    /// The GeoJSON geometry object (RFC 7946) as text; see ``geoJSONBytes``.
    public var geoJSON: String { String(decoding: geoJSONBytes, as: UTF8.self) }
}

struct GeoJSONWriter {
    let hasZ: Bool

    func write(_ geometry: Geometry, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"type":""#.utf8)
        out.append(contentsOf: geometry.kind.rawValue.utf8)
        if case .geometryCollection(let members) = geometry {
            out.append(contentsOf: #"","geometries":"#.utf8)
            list(members, to: &out) { write($0, to: &$1) }
            out.append(UInt8(ascii: "}"))
            return
        }
        out.append(contentsOf: #"","coordinates":"#.utf8)
        switch geometry {
        case .point(let point): write(point, to: &out)
        case .lineString(let points), .multiPoint(let points): writePath(points, to: &out)
        case .multiLineString(let lines): list(lines, to: &out) { writePath($0, to: &$1) }
        case .polygon(let rings): writePolygon(rings, to: &out)
        case .multiPolygon(let polygons): list(polygons, to: &out) { writePolygon($0, to: &$1) }
        case .geometryCollection: preconditionFailure("handled above")
        }
        out.append(UInt8(ascii: "}"))
    }

    func writePolygon(_ rings: [[Coordinate]], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, ring) in rings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let area = Orientation.signedArea(ring)
            let wantsCounterClockwise = index == 0
            if (area < 0 && wantsCounterClockwise) || (area > 0 && !wantsCounterClockwise) {
                writePath(ring.reversed(), to: &out)
            } else {
                writePath(ring, to: &out)
            }
        }
        out.append(UInt8(ascii: "]"))
    }

    func writePath(_ points: some Collection<Coordinate>, to out: inout [UInt8]) {
        list(points, to: &out) { write($0, to: &$1) }
    }

    func list<C: Collection>(_ items: C, to out: inout [UInt8], _ item: (C.Element, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        var first = true
        for element in items {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            item(element, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    func write(_ point: Coordinate, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        appendNumber(point.longitude, to: &out)
        out.append(UInt8(ascii: ","))
        appendNumber(point.latitude, to: &out)
        if hasZ {
            out.append(UInt8(ascii: ","))
            appendNumber(point.z ?? 0, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// JSON has no spelling for NaN or infinities: those are written as null (validated geometries never hold them).
    func appendNumber(_ value: Double, to out: inout [UInt8]) {
        if value.isFinite {
            NumberText.append(value, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
    }
}

/// Ring orientation in the longitude/latitude plane.
public enum Orientation {
    /// The signed area of a ring by the shoelace formula, in degrees²: positive when counter-clockwise
    /// (longitude east, latitude north), negative when clockwise, zero when degenerate.
    public static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        // Relative to the first position, so large absolute longitudes do not cost precision.
        let origin = ring[0]
        var sum = 0.0
        for index in 1..<(ring.count - 1) {
            let a = ring[index]
            let b = ring[index + 1]
            sum +=
                (a.longitude - origin.longitude) * (b.latitude - origin.latitude)
                - (b.longitude - origin.longitude) * (a.latitude - origin.latitude)
        }
        return sum / 2
    }

    /// Whether a ring runs counter-clockwise (positive ``signedArea(_:)``).
    public static func isCounterClockwise(_ ring: [Coordinate]) -> Bool { signedArea(ring) > 0 }
}
