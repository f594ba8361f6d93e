extension Geometry {
    /// The Well-Known Text of the geometry, e.g. `POINT Z (24.9384 60.1699 12)`.
    ///
    /// 3D geometries (``hasZ``) carry the ISO `Z` qualifier on every member; numbers use the shortest
    /// spelling that reads back to the same double.
    public var wkt: String {
        var out: [UInt8] = []
        WKTWriter(hasZ: hasZ).write(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

struct WKTWriter {
    let hasZ: Bool

    func write(_ geometry: Geometry, to out: inout [UInt8]) {
        out.append(contentsOf: geometry.kind.wktKeyword.utf8)
        if hasZ { out.append(contentsOf: " Z".utf8) }
        if geometry.isEmptyAtTop {
            out.append(contentsOf: " EMPTY".utf8)
            return
        }
        out.append(UInt8(ascii: " "))
        switch geometry {
        case .point(let point):
            out.append(UInt8(ascii: "("))
            write(point, to: &out)
            out.append(UInt8(ascii: ")"))
        case .lineString(let points): writePath(points, to: &out)
        case .polygon(let rings): writePolygon(rings, to: &out)
        case .multiPoint(let points):
            list(points, to: &out) { point, out in
                out.append(UInt8(ascii: "("))
                write(point, to: &out)
                out.append(UInt8(ascii: ")"))
            }
        case .multiLineString(let lines): list(lines, to: &out) { writePath($0, to: &$1) }
        case .multiPolygon(let polygons): list(polygons, to: &out) { writePolygon($0, to: &$1) }
        case .geometryCollection(let members): list(members, to: &out) { write($0, to: &$1) }
        }
    }

    func writePolygon(_ rings: [[Coordinate]], to out: inout [UInt8]) {
        guard !rings.isEmpty else {
            out.append(contentsOf: "EMPTY".utf8)
            return
        }
        list(rings, to: &out) { writePath($0, to: &$1) }
    }

    func writePath(_ points: [Coordinate], to out: inout [UInt8]) {
        guard !points.isEmpty else {
            out.append(contentsOf: "EMPTY".utf8)
            return
        }
        list(points, to: &out) { write($0, to: &$1) }
    }

    func list<T>(_ items: [T], to out: inout [UInt8], _ item: (T, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "("))
        for (position, element) in items.enumerated() {
            if position > 0 { out.append(contentsOf: ", ".utf8) }
            item(element, &out)
        }
        out.append(UInt8(ascii: ")"))
    }

    func write(_ point: Coordinate, to out: inout [UInt8]) {
        NumberText.append(point.longitude, to: &out)
        out.append(UInt8(ascii: " "))
        NumberText.append(point.latitude, to: &out)
        if hasZ {
            out.append(UInt8(ascii: " "))
            NumberText.append(point.z ?? 0, to: &out)
        }
    }
}

extension Geometry {
    /// Whether the top-level list is empty (an `EMPTY` in WKT, a zero count in WKB).
    var isEmptyAtTop: Bool {
        switch self {
        case .point: false
        case .lineString(let points), .multiPoint(let points): points.isEmpty
        case .polygon(let rings), .multiLineString(let rings): rings.isEmpty
        case .multiPolygon(let polygons): polygons.isEmpty
        case .geometryCollection(let members): members.isEmpty
        }
    }
}
